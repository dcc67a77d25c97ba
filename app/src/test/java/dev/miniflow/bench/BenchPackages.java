package dev.miniflow.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Large valid packages for the benchmark: a small main package and incompressible assets in a subpackage. */
final class BenchPackages {
  private BenchPackages() {}

  static Path write(Path file, int megabytes) throws IOException {
    Files.createDirectories(file.getParent());
    Random random = new Random(42);
    byte[] chunk = new byte[1024 * 1024];
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(1);
      entry(zip, "app.json", """
          {"pages": ["pages/index/index"], "subPackages": [{"root": "assets", "pages": ["p/a"]}]}""");
      entry(zip, "pages/index/index.js", "Page({});");
      entry(zip, "assets/p/a.js", "Page({});");
      for (int i = 0; i < megabytes; i++) {
        random.nextBytes(chunk);
        zip.putNextEntry(new ZipEntry("assets/blob-" + i + ".bin"));
        zip.write(chunk);
        zip.closeEntry();
      }
    }
    return file;
  }

  private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }
}
