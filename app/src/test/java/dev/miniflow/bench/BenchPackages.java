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

  /**
   * A package of many small source files, as mini programs are: {@code files} pages of about 2 KB
   * of script each (compressible text, none alike), spread over subpackages of 1,000 pages.
   */
  static Path writeSmallFiles(Path file, int files) throws IOException {
    Files.createDirectories(file.getParent());
    Random random = new Random(7);
    int packages = (files + 999) / 1000;
    StringBuilder manifest = new StringBuilder("{\"pages\": [\"pages/index/index\"], \"subPackages\": [");
    for (int p = 0; p < packages; p++) {
      manifest.append(p == 0 ? "" : ", ").append("{\"root\": \"sub").append(p).append("\", \"pages\": [\"p/0\"]}");
    }
    manifest.append("]}");
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      entry(zip, "app.json", manifest.toString());
      entry(zip, "pages/index/index.js", "Page({});");
      for (int i = 0; i < files; i++) {
        StringBuilder script = new StringBuilder("Page({\n");
        while (script.length() < 2048) {
          script.append("  f").append(random.nextInt(1_000_000)).append("() { return this.data.v")
              .append(random.nextInt(1000)).append(" + ").append(random.nextInt()).append("; },\n");
        }
        entry(zip, "sub" + (i / 1000) + "/p/" + (i % 1000) + ".js", script.append("});\n").toString());
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
