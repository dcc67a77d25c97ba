package dev.miniflow.miniprogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniflow.support.DomainException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A logo is checked by its content and stored re-encoded, never as uploaded (no Spring). */
class LogoTest {
  static byte[] image(String format, int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 1, 0xff0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }

  @Test
  void aPngWithAPayloadAfterItIsStoredWithoutIt() throws Exception {
    byte[] png = image("png", 64, 64);
    byte[] polyglot = new byte[png.length + 40];
    System.arraycopy(png, 0, polyglot, 0, png.length);
    System.arraycopy("<script>alert(1)</script>-not-an-image".getBytes(StandardCharsets.US_ASCII), 0, polyglot,
        png.length, 38);
    Logo logo = Logo.read(new ByteArrayInputStream(polyglot));
    assertThat(logo.width()).isEqualTo(64);
    assertThat(new String(logo.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("<script>");
    BufferedImage stored = ImageIO.read(new ByteArrayInputStream(logo.bytes()));
    assertThat(stored.getWidth()).isEqualTo(64);
    assertThat(stored.getRGB(1, 1) & 0xffffff).isEqualTo(0xff0000);
  }

  @Test
  void aJpegIsStoredAsPngAndOtherContentIsRefusedWhateverItsName() throws Exception {
    Logo logo = Logo.read(new ByteArrayInputStream(image("jpeg", 32, 20)));
    assertThat(new String(logo.bytes(), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    assertThat(logo.height()).isEqualTo(20);
    assertThatThrownBy(() -> Logo.read(new ByteArrayInputStream(image("gif", 8, 8))))
        .isInstanceOf(DomainException.class).hasMessageContaining("PNG or JPEG");
    assertThatThrownBy(() -> Logo.read(new ByteArrayInputStream("GIF89a not really".getBytes())))
        .isInstanceOf(DomainException.class).hasMessageContaining("PNG or JPEG");
  }
}
