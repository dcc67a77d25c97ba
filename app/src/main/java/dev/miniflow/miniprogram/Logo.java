package dev.miniflow.miniprogram;

import dev.miniflow.support.Problems;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An uploaded logo image: checked for type (by content) and size before its pixels are decoded,
 * then re-encoded as a plain PNG, so what is stored and served is never the uploaded file (no
 * metadata, no trailing payload, no polyglot).
 */
record Logo(byte[] bytes, int width, int height) {
  static final int MAX_BYTES = 1024 * 1024;
  static final int MAX_SIDE = 2048;
  /** The re-encoded PNG is stored with the mini program and read with it: it stays small. */
  static final int MAX_STORED_BYTES = 2 * 1024 * 1024;
  /** Decoding takes width × height × 4 bytes of memory: at most two uploads decode at once. */
  private static final java.util.concurrent.Semaphore DECODING = new java.util.concurrent.Semaphore(2);

  static Logo read(InputStream content) {
    byte[] bytes;
    try {
      bytes = content.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw Problems.invalid("The logo could not be read.");
    }
    if (bytes.length > MAX_BYTES) {
      throw Problems.invalid("The logo must be at most 1 MB.");
    }
    try (ImageInputStream image = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      var readers = ImageIO.getImageReaders(image);
      if (image == null || !readers.hasNext()) {
        throw Problems.invalid("The logo must be a PNG or JPEG image.");
      }
      ImageReader reader = readers.next();
      try {
        String format = reader.getFormatName().toLowerCase();
        if (!format.equals("png") && !format.equals("jpeg")) {
          throw Problems.invalid("The logo must be a PNG or JPEG image.");
        }
        reader.setInput(image, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE) {
          throw Problems.invalid("The logo must be at most " + MAX_SIDE + " pixels on each side.");
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!DECODING.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)) {
          throw Problems.unavailable("Many logos are being read right now; please try again in a moment.");
        }
        try {
          // the decoded pixels alone, written anew: none of the uploaded file's other bytes survive
          BufferedImage pixels = reader.read(0);
          if (!ImageIO.write(pixels, "png", png)) {
            throw Problems.invalid("The logo could not be read.");
          }
        } finally {
          DECODING.release();
        }
        if (png.size() > MAX_STORED_BYTES) {
          throw Problems
              .invalid("The logo is too detailed to keep (over 2 MB as PNG); use a simpler or smaller image.");
        }
        return new Logo(png.toByteArray(), width, height);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw Problems.invalid("The logo must be a PNG or JPEG image.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problems.unavailable("The logo could not be read; please try again.");
    }
  }
}
