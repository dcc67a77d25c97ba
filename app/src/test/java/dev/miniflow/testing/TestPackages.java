package dev.miniflow.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Mini program packages built in memory for tests. */
public final class TestPackages {
  private TestPackages() {}

  /** A small valid package: app.json with two pages and their files. */
  public static byte[] valid() {
    return zip(
        "app.json", """
            {"pages": ["pages/index/index", "pages/about/about"], "window": {"navigationBarTitleText": "Demo"}}""",
        "app.js", "App({});",
        "pages/index/index.js", "Page({});",
        "pages/index/index.axml", "<view>Hello</view>",
        "pages/about/about.js", "Page({});");
  }

  /**
   * A valid package of about 230 KB that does not compress: several of the 64 KiB chunks the
   * stores stream in.
   */
  public static byte[] large() {
    byte[] noise = new byte[170 * 1024];
    new java.util.Random(7).nextBytes(noise);
    return zip(
        "app.json", "{\"pages\": [\"pages/index/index\"]}",
        "app.js", "App({});",
        "pages/index/index.js", "Page({});",
        "pages/index/index.axml", "<view>Big</view>",
        "pages/index/data.js", "var data = '" + java.util.Base64.getEncoder().encodeToString(noise) + "';",
        "pages/index/more.js", "Page({});");
  }

  /** Entries as name, content pairs. */
  public static byte[] zip(String... namesAndContents) {
    try (var bytes = new ByteArrayOutputStream(); var zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndContents[i]));
        zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      zip.finish();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
