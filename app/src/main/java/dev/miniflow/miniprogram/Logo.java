package dev.miniflow.miniprogram;

import dev.miniflow.support.Problems;
import java.awt.Graphics2D;
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
        BufferedImage pixels = reader.read(0);
        BufferedImage plain = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D canvas = plain.createGraphics();
        try {
          canvas.drawImage(pixels, 0, 0, null);
        } finally {
          canvas.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(plain, "png", png)) {
          throw Problems.invalid("The logo could not be read.");
        }
        return new Logo(png.toByteArray(), width, height);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw Problems.invalid("The logo must be a PNG or JPEG image.");
    }
  }
}
