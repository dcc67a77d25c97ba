package dev.miniflow.testing;

import dev.miniflow.miniprogram.PackageProblem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Packages crafted to attack the upload, each with the reason it must be refused for. */
public final class HostilePackages {
  private HostilePackages() {}

  public record Case(String name, PackageProblem reason, String mentioned, byte[] zip) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String MANIFEST = "{\"pages\": [\"pages/index/index\"]}";

  public static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("path traversal", PackageProblem.PATH_TRAVERSAL, "../evil.js",
        zip(z -> {
          valid(z);
          file(z, "../evil.js", "x");
        })));
    cases.add(new Case("nested path traversal", PackageProblem.PATH_TRAVERSAL, "pages/../../evil.js",
        zip(z -> {
          valid(z);
          file(z, "pages/../../evil.js", "x");
        })));
    cases.add(new Case("absolute path", PackageProblem.ABSOLUTE_PATH, "/etc/cron.d/evil",
        zip(z -> {
          valid(z);
          file(z, "/etc/cron.d/evil", "x");
        })));
    cases.add(new Case("windows drive path", PackageProblem.ABSOLUTE_PATH, "C:/evil.js",
        zip(z -> {
          valid(z);
          file(z, "C:/evil.js", "x");
        })));
    cases.add(new Case("symbolic link", PackageProblem.SYMLINK, "pages/link",
        zip(z -> {
          valid(z);
          entry(z, "pages/link", 0120777, "/etc/passwd".getBytes(StandardCharsets.UTF_8));
        })));
    cases.add(new Case("duplicate entry", PackageProblem.DUPLICATE_ENTRY, "app.js",
        zip(z -> {
          valid(z);
          file(z, "app.js", "a");
          file(z, "app.js", "b");
        })));
    cases.add(new Case("entries differing only in case", PackageProblem.DUPLICATE_ENTRY, "App.js",
        zip(z -> {
          valid(z);
          file(z, "app.js", "a");
          file(z, "App.js", "b");
        })));
    cases.add(new Case("zip bomb (compression ratio)", PackageProblem.COMPRESSION_RATIO, "pages/bomb.bin",
        zip(z -> {
          valid(z);
          entry(z, "pages/bomb.bin", 0100644, new byte[20 << 20]);
        })));
    cases.add(new Case("too large once inflated", PackageProblem.TOTAL_SIZE_EXCEEDED, "stopped at entry",
        zip(z -> {
          valid(z);
          for (int i = 0; i < 31; i++) {
            entry(z, "assets/chunk" + i + ".bin", 0100644, new byte[1 << 20]);
          }
        })));
    cases.add(new Case("main package too large", PackageProblem.MAIN_PACKAGE_TOO_LARGE, "main package",
        zip(z -> {
          valid(z);
          for (int i = 0; i < 3; i++) {
            entry(z, "assets/big" + i + ".bin", 0100644, new byte[1 << 20]);
          }
        })));
    cases.add(new Case("manifest missing", PackageProblem.MANIFEST_MISSING, "app.json",
        zip(z -> file(z, "pages/index/index.js", "Page({})"))));
    cases.add(new Case("manifest not JSON", PackageProblem.MANIFEST_INVALID, "app.json",
        zip(z -> {
          file(z, "app.json", "{pages: oops");
          file(z, "pages/index/index.js", "Page({})");
        })));
    cases.add(new Case("manifest without pages", PackageProblem.MANIFEST_INVALID, "app.json",
        zip(z -> {
          file(z, "app.json", "{\"pages\": []}");
          file(z, "pages/index/index.js", "Page({})");
        })));
    cases.add(new Case("page without files", PackageProblem.MANIFEST_INVALID, "pages/missing/missing",
        zip(z -> {
          file(z, "app.json", "{\"pages\": [\"pages/missing/missing\"]}");
          file(z, "app.js", "App({})");
        })));
    cases.add(new Case("encrypted entry", PackageProblem.ENCRYPTED_ENTRY, "secret.js",
        markEncrypted(zip(z -> {
          valid(z);
          file(z, "secret.js", "x");
        }), "secret.js")));
    cases.add(new Case("a second name in a Unicode path extra field", PackageProblem.INVALID_ENTRY_NAME,
        "pages/b.js", zip(z -> {
          valid(z);
          var entry = new ZipArchiveEntry("pages/b.js");
          entry.setUnixMode(0100644);
          // what some tools show and extract instead: another file, outside the package
          entry.addExtraField(new org.apache.commons.compress.archivers.zip.UnicodePathExtraField("../evil.js",
              "pages/b.js".getBytes(StandardCharsets.UTF_8)));
          write(z, entry, "x".getBytes(StandardCharsets.UTF_8));
        })));
    cases.add(new Case("a second name in the local header only, after a long extra field",
        PackageProblem.INVALID_ENTRY_NAME, "second, Unicode name", unicodePathLocallyAfterPadding(zip(z -> {
          valid(z);
          var entry = new ZipArchiveEntry("pages/b.js");
          entry.setUnixMode(0100644);
          // local data only: 300 bytes of padding, then a field whose id is turned into a Unicode path below
          entry.addExtraField(localOnly(0xCAFE, new byte[300]));
          entry.addExtraField(localOnly(PLACEHOLDER_ID, new byte[10]));
          write(z, entry, "x".getBytes(StandardCharsets.UTF_8));
        }))));
    cases.add(new Case("another name in the local header", PackageProblem.INVALID_ENTRY_NAME,
        "named otherwise in its local header", renameLocally(zip(z -> {
          valid(z);
          file(z, "pages/b.js", "x");
        }), "pages/b.js", "../../b.js")));
    cases.add(new Case("not a zip", PackageProblem.NOT_A_ZIP, "not a readable zip",
        "this is not a zip file at all".getBytes(StandardCharsets.UTF_8)));
    cases.add(new Case("empty zip", PackageProblem.EMPTY_PACKAGE, "no files", zip(z -> {})));
    return cases;
  }

  /**
   * Renames an entry in its local header only (same length): what a reader streaming the zip, or an
   * extractor going by local headers, would write instead of the name the central directory gives.
   */
  static byte[] renameLocally(byte[] zip, String name, String local) {
    byte[] target = name.getBytes(StandardCharsets.UTF_8);
    byte[] replacement = local.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + 30 < zip.length; i++) {
      if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4
          && java.util.Arrays.equals(zip, i + 30, i + 30 + target.length, target, 0, target.length)) {
        System.arraycopy(replacement, 0, zip, i + 30, replacement.length);
      }
    }
    return zip;
  }

  private static final int PLACEHOLDER_ID = 0x7076;

  private static org.apache.commons.compress.archivers.zip.UnrecognizedExtraField localOnly(int id, byte[] data) {
    var field = new org.apache.commons.compress.archivers.zip.UnrecognizedExtraField();
    field.setHeaderId(new org.apache.commons.compress.archivers.zip.ZipShort(id));
    field.setLocalFileDataData(data);
    field.setCentralDirectoryData(new byte[0]);
    return field;
  }

  /** Turns the placeholder field of the local headers into a Unicode path field (0x7075): the central directory keeps none. */
  static byte[] unicodePathLocallyAfterPadding(byte[] zip) {
    int found = 0;
    for (int i = 0; i + 4 < zip.length; i++) {
      if ((zip[i] & 0xff) == 0x76 && (zip[i + 1] & 0xff) == 0x70 && zip[i + 2] == 10 && zip[i + 3] == 0) {
        zip[i] = 0x75;
        found++;
      }
    }
    if (found != 1) {
      throw new IllegalStateException("expected one placeholder field in a local header, found " + found);
    }
    return zip;
  }

  /** Sets the "encrypted" flag of an entry in its local and central headers, as an encrypting tool would. */
  static byte[] markEncrypted(byte[] zip, String name) {
    byte[] target = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + 46 < zip.length; i++) {
      boolean local = zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4;
      boolean central = zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2;
      if (local || central) {
        int nameLength = (zip[i + (local ? 26 : 28)] & 0xff) | (zip[i + (local ? 27 : 29)] & 0xff) << 8;
        int nameStart = i + (local ? 30 : 46);
        if (nameLength == target.length
            && java.util.Arrays.equals(zip, nameStart, nameStart + nameLength, target, 0, target.length)) {
          zip[i + (local ? 6 : 8)] |= 1;
        }
      }
    }
    return zip;
  }

  private static void valid(ZipArchiveOutputStream z) {
    file(z, "app.json", MANIFEST);
    file(z, "pages/index/index.js", "Page({})");
  }

  static void file(ZipArchiveOutputStream z, String name, String content) {
    entry(z, name, 0100644, content.getBytes(StandardCharsets.UTF_8));
  }

  static void entry(ZipArchiveOutputStream z, String name, int unixMode, byte[] content) {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setUnixMode(unixMode);
    write(z, entry, content);
  }

  private static void write(ZipArchiveOutputStream z, ZipArchiveEntry entry, byte[] content) {
    try {
      z.putArchiveEntry(entry);
      z.write(content);
      z.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] zip(Consumer<ZipArchiveOutputStream> entries) {
    try (var bytes = new ByteArrayOutputStream()) {
      try (var zip = new ZipArchiveOutputStream(bytes)) {
        entries.accept(zip);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
