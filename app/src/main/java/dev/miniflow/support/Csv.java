package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** RFC 4180 exports that are safe to open in a spreadsheet. */
@NamedInterface("api")
public final class Csv {
  private Csv() {}

  public static void write(Writer out, List<String> header, List<? extends List<?>> rows) throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get();
    try (CSVPrinter csv = new CSVPrinter(out, format)) {
      for (List<?> row : rows) {
        csv.printRecord(row.stream().map(Csv::cell).toList());
      }
    }
  }

  public static String toString(List<String> header, List<? extends List<?>> rows) {
    StringWriter out = new StringWriter();
    try {
      write(out, header, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Spreadsheets run cells that start like a formula: such cells are quoted with a leading apostrophe. */
  static Object cell(Object value) {
    if (value instanceof String text && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      return "'" + text;
    }
    return value;
  }
}
