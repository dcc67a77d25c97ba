package dev.miniflow.promotion;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** QR codes drawn with ZXing, as PNG (MatrixToImageWriter) or SVG (one path of the dark modules). */
final class QrCodes {
  static final int MIN_SIZE = 128;
  static final int MAX_SIZE = 1024;

  private QrCodes() {}

  static byte[] png(String content, ErrorCorrectionLevel level, int size) {
    try (var out = new ByteArrayOutputStream()) {
      MatrixToImageWriter.writeToStream(matrix(content, level, size), "PNG", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String svg(String content, ErrorCorrectionLevel level, int size) {
    BitMatrix matrix = matrix(content, level, size);
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < matrix.getHeight(); y++) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        if (matrix.get(x, y)) {
          int start = x;
          while (x + 1 < matrix.getWidth() && matrix.get(x + 1, y)) {
            x++;
          }
          path.append('M').append(start).append(' ').append(y).append('h').append(x - start + 1).append("v1h-")
              .append(x - start + 1).append('z');
        }
      }
    }
    return """
        <svg xmlns="http://www.w3.org/2000/svg" width="%1$d" height="%2$d" viewBox="0 0 %1$d %2$d" shape-rendering="crispEdges">\
        <rect width="100%%" height="100%%" fill="#fff"/><path fill="#000" d="%3$s"/></svg>"""
        .formatted(matrix.getWidth(), matrix.getHeight(), path);
  }

  private static BitMatrix matrix(String content, ErrorCorrectionLevel level, int size) {
    try {
      return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size, Map.of(
          EncodeHintType.ERROR_CORRECTION, level,
          EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
          EncodeHintType.MARGIN, 2));
    } catch (WriterException e) {
      throw new IllegalArgumentException("The content does not fit in a QR code: " + e.getMessage(), e);
    }
  }
}
