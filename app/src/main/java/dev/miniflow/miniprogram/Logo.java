package dev.miniflow.miniprogram;

import dev.miniflow.support.Problems;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** An uploaded logo image, checked for type and size; its pixels are never decoded. */
record Logo(byte[] bytes, int width, int height) {
  static final int MAX_BYTES = 1024 * 1024;
  static final int MAX_SIDE = 4096;

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
        return new Logo(bytes, width, height);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw Problems.invalid("The logo must be a PNG or JPEG image.");
    }
  }
}
