package dev.miniflow.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.miniflow.support.SigningKey;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/** Promotion and preview codes: every generated code is read back with ZXing; limits and refusals are clear. */
@EmbeddedMiniflowTest
class QrCodeTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired SigningKey signingKey;

  ApiClient developer;
  ApiClient reviewer;
  ApiClient anonymous;
  long ws;
  long mp;
  long app;

  @BeforeEach
  void setUp() {
    String base = "http://localhost:" + port;
    ws = TestWorkspaces.create(workspaces, tx, "Codes", Map.of("developer", Set.of(Role.DEVELOPER),
        "reviewer", Set.of(Role.REVIEWER)));
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    anonymous = new ApiClient(base, null, null);
    mp = developer.createMiniProgram(ws, "Codes " + UUID.randomUUID()).id();
    app = developer.defaultTargetAppId(ws);
  }

  @Test
  void everyPromotionCodeDecodesToItsShortLinkInPngAndSvgAtEveryLevelAndSize() throws Exception {
    for (String level : List.of("L", "M", "Q", "H")) {
      for (int size : List.of(128, 1024)) {
        var created = developer.post("/api/v1/mini-programs/" + mp + "/promotion-codes", code(Map.of(
            "pagePath", "pages/shop/item", "query", "sku=42&campaign=spring", "description", "Spring sale 春",
            "errorCorrection", level, "size", size)));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        String link = created.text("shortLink");
        assertThat(link).matches("http://localhost:8080/q/[A-Za-z0-9]{8}");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(bytes(created.body().get("png").asText())));
        assertThat(png.getWidth()).isEqualTo(size);
        assertThat(decode(png)).isEqualTo(link);
        String svg = new String(bytes(created.body().get("svg").asText()));
        assertThat(decode(rasterize(svg))).isEqualTo(link);
      }
    }
    assertThat(developer.get("/api/v1/mini-programs/" + mp + "/promotion-codes").body()).hasSize(8);
    var page = developer.getText("/mini-programs/" + mp + "/codes");
    assertThat(page.getStatusCode().value()).isEqualTo(200);
    assertThat(page.getBody()).contains("Promotion QR codes").contains("Spring sale 春");

    // the short link is public and leads to the page in the target app
    String shortCode = developer.get("/api/v1/mini-programs/" + mp + "/promotion-codes").body().get(0)
        .at("/code/shortCode").asText();
    HttpResponse<String> landing = get("/q/" + shortCode);
    assertThat(landing.statusCode()).isEqualTo(200);
    assertThat(landing.body()).contains("://mini-program/" + mp + "/pages/shop/item?sku=42&amp;campaign=spring");
    assertThat(get("/q/nothing00").statusCode()).isEqualTo(404);
  }

  @Test
  void limitsAreEnforcedWithClearErrorsAndNothingIsStored() {
    Map<String, Object> tooLong = new HashMap<>(code(Map.of("pagePath", "p/" + "a".repeat(255))));
    assertThat(refusal(tooLong)).contains("1 to 256 characters");
    assertThat(refusal(code(Map.of("pagePath", "pages/a", "query", "q=" + "x".repeat(63))))).contains("at most 64");
    assertThat(refusal(code(Map.of("pagePath", "pages/a", "description", "d".repeat(65))))).contains("at most 64");
    assertThat(refusal(code(Map.of("pagePath", "../../etc/passwd")))).contains("no leading '/' or '..'");
    assertThat(refusal(code(Map.of("pagePath", "pages/a", "query", "<script>=1")))).contains("key=value");
    assertThat(refusal(code(Map.of("pagePath", "pages/a", "errorCorrection", "X")))).contains("L, M, Q, H");
    assertThat(refusal(code(Map.of("pagePath", "pages/a", "size", 4096)))).contains("128 to 1024");
    assertThat(developer.post("/api/v1/mini-programs/" + mp + "/promotion-codes",
        Map.of("pagePath", "pages/a")).status()).isEqualTo(400);
    assertThat(reviewer.post("/api/v1/mini-programs/" + mp + "/promotion-codes",
        code(Map.of("pagePath", "pages/a"))).status()).isEqualTo(403);
    assertThat(developer.get("/api/v1/mini-programs/" + mp + "/promotion-codes").body()).isEmpty();
  }

  @Test
  void previewCodesOpenOnlyForTheirTestersUntilTheyExpireAndRefuseTampering() throws Exception {
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    assertThat(developer.post("/api/v1/versions/" + version + "/preview-codes", Map.of()).text("detail"))
        .contains("Name the testers");
    var issued = developer.post("/api/v1/versions/" + version + "/preview-codes", Map.of("testers", List.of("alice")));
    assertThat(issued.status()).isEqualTo(201);
    String link = issued.text("link");
    assertThat(decode(ImageIO.read(new ByteArrayInputStream(
        bytes("/api/v1/preview-codes/" + issued.body().get("id").asLong() + "/qr.png"))))).isEqualTo(link);
    String token = link.substring(link.indexOf("/p/") + 3);

    var opened = anonymous.get("/api/v1/preview-codes/open?tester=alice&token=" + token);
    assertThat(opened.status()).isEqualTo(200);
    assertThat(opened.text("version")).isEqualTo("1.0.0");
    assertThat(anonymous.get("/api/v1/preview-codes/open?tester=bob&token=" + token).status()).isEqualTo(403);

    String[] parts = token.split("\\.");
    String otherVersion = parts[0] + "." + (Long.parseLong(parts[1]) + 1) + "." + parts[2] + "." + parts[3];
    var tampered = anonymous.get("/api/v1/preview-codes/open?tester=alice&token=" + otherVersion);
    assertThat(tampered.status()).isEqualTo(400);
    assertThat(tampered.text("detail")).contains("altered");

    String pastContent = parts[0] + "." + parts[1] + "." + (System.currentTimeMillis() / 1000 - 60);
    String expired = pastContent + "." + signingKey.sign("preview:" + pastContent);
    var gone = anonymous.get("/api/v1/preview-codes/open?tester=alice&token=" + expired);
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.text("detail")).contains("expired");
    assertThat(issued.body().get("expiresAt").asText()).isNotBlank();

    // the pages a phone lands on say the same in words
    assertThat(get("/p/" + token + "?tester=alice").body()).contains("Preview of").contains("1.0.0");
    HttpResponse<String> expiredPage = get("/p/" + expired + "?tester=alice");
    assertThat(expiredPage.statusCode()).isEqualTo(410);
    assertThat(expiredPage.body()).contains("Preview code expired");
    assertThat(get("/p/" + otherVersion + "?tester=alice").body()).contains("altered");
  }

  private Map<String, Object> code(Map<String, Object> fields) {
    Map<String, Object> body = new HashMap<>(fields);
    body.put("targetAppId", app);
    return body;
  }

  private String refusal(Map<String, Object> body) {
    var reply = developer.post("/api/v1/mini-programs/" + mp + "/promotion-codes", body);
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(400);
    return reply.text("detail");
  }

  private byte[] bytes(String path) throws Exception {
    return developer.getBytes(path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String decode(BufferedImage image) throws Exception {
    var bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
    return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE)).getText();
  }

  /** Draws the SVG's dark modules ("M x y h w v1 h-w z" runs) into an image ZXing can read. */
  static BufferedImage rasterize(String svg) {
    Matcher size = Pattern.compile("width=\"(\\d+)\" height=\"(\\d+)\"").matcher(svg);
    assertThat(size.find()).isTrue();
    BufferedImage image = new BufferedImage(Integer.parseInt(size.group(1)), Integer.parseInt(size.group(2)),
        BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.BLACK);
    Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\d+z").matcher(svg);
    while (run.find()) {
      g.fillRect(Integer.parseInt(run.group(1)), Integer.parseInt(run.group(2)), Integer.parseInt(run.group(3)), 1);
    }
    g.dispose();
    return image;
  }
}
