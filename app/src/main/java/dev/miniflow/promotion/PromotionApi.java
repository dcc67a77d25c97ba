package dev.miniflow.promotion;

import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class PromotionApi {
  private final PromotionCodes codes;
  private final PreviewCodes previews;
  private final CodeLinks links;

  PromotionApi(PromotionCodes codes, PreviewCodes previews, CodeLinks links) {
    this.codes = codes;
    this.previews = previews;
    this.links = links;
  }

  record CodeView(PromotionCodeView code, String shortLink, String png, String svg) {}

  private CodeView view(PromotionCode code) {
    String images = "/api/v1/promotion-codes/" + code.id();
    return new CodeView(PromotionCodeView.of(code), links.shortLink(code), images + "/qr.png", images + "/qr.svg");
  }

  /**
   * Creates a promotion code for a mini program. Body: targetAppId, pagePath (≤ 256), query (≤ 64), description (≤
   * 64), errorCorrection (L, M, Q, H), size (128–1024); needs the release scope.
   */
  @PostMapping("/mini-programs/{id}/promotion-codes")
  ResponseEntity<CodeView> create(@PathVariable long id, @RequestBody PromotionCodes.NewPromotionCode request) {
    PromotionCode code = codes.create(id, request);
    return ResponseEntity.created(URI.create("/api/v1/promotion-codes/" + code.id())).body(view(code));
  }

  /** Lists a mini program's promotion codes. With their short links and QR images; for members of its workspace. */
  @GetMapping("/mini-programs/{id}/promotion-codes")
  List<CodeView> list(@PathVariable long id) {
    return codes.list(id).stream().map(this::view).toList();
  }

  /** Reads one promotion code. For members of its workspace. */
  @GetMapping("/promotion-codes/{id}")
  CodeView get(@PathVariable long id) {
    return view(codes.get(id));
  }

  /** Renders a promotion code as a PNG QR code. At the code's size and error correction. */
  @GetMapping(value = "/promotion-codes/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
  byte[] png(@PathVariable long id) {
    return links.png(codes.get(id));
  }

  /** Renders a promotion code as an SVG QR code. */
  @GetMapping(value = "/promotion-codes/{id}/qr.svg", produces = "image/svg+xml")
  String svg(@PathVariable long id) {
    return links.svg(codes.get(id));
  }

  /**
   * Issues a signed preview code for a version. Body (optional): testers; without it, the testers of the version's
   * pilots. Needs the release scope.
   */
  @PostMapping("/versions/{id}/preview-codes")
  ResponseEntity<PreviewCodes.IssuedPreview> preview(@PathVariable long id,
      @RequestBody(required = false) PreviewCodes.NewPreviewCode request) {
    PreviewCodes.IssuedPreview issued = previews.issue(id, request);
    return ResponseEntity.created(URI.create("/api/v1/preview-codes/" + issued.id() + "/qr.png")).body(issued);
  }

  /** Renders a preview code as a PNG QR code. For those who may issue it. */
  @GetMapping(value = "/preview-codes/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
  byte[] previewPng(@PathVariable long id) {
    return previews.png(id);
  }

  /**
   * Resolves a scanned preview code for a super app. For super apps resolving it for one of their users (no Miniflow
   * login: the code is signed and names its testers).
   */
  @GetMapping("/preview-codes/open")
  PreviewCodes.ScannedPreview open(@RequestParam String token, @RequestParam(required = false) String tester) {
    return previews.open(token, tester);
  }
}
