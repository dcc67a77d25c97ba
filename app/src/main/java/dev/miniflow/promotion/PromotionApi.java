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
  private final Promotions promotions;

  PromotionApi(Promotions promotions) {
    this.promotions = promotions;
  }

  record CodeView(PromotionCode code, String shortLink, String png, String svg) {}

  private CodeView view(PromotionCode code) {
    String images = "/api/v1/promotion-codes/" + code.id();
    return new CodeView(code, promotions.shortLink(code), images + "/qr.png", images + "/qr.svg");
  }

  /** Body: targetAppId, pagePath (≤ 256), query (≤ 64), description (≤ 64), errorCorrection (L, M, Q, H), size (128–1024). */
  @PostMapping("/mini-programs/{id}/promotion-codes")
  ResponseEntity<CodeView> create(@PathVariable long id, @RequestBody Promotions.NewPromotionCode request) {
    PromotionCode code = promotions.create(id, request);
    return ResponseEntity.created(URI.create("/api/v1/promotion-codes/" + code.id())).body(view(code));
  }

  @GetMapping("/mini-programs/{id}/promotion-codes")
  List<CodeView> list(@PathVariable long id) {
    return promotions.list(id).stream().map(this::view).toList();
  }

  @GetMapping("/promotion-codes/{id}")
  CodeView get(@PathVariable long id) {
    return view(promotions.get(id));
  }

  @GetMapping(value = "/promotion-codes/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
  byte[] png(@PathVariable long id) {
    return promotions.png(promotions.get(id));
  }

  @GetMapping(value = "/promotion-codes/{id}/qr.svg", produces = "image/svg+xml")
  String svg(@PathVariable long id) {
    return promotions.svg(promotions.get(id));
  }

  /** Body (optional): testers; without it, the testers of the version's pilots. */
  @PostMapping("/versions/{id}/preview-codes")
  ResponseEntity<Promotions.IssuedPreview> preview(@PathVariable long id,
      @RequestBody(required = false) Promotions.NewPreviewCode request) {
    Promotions.IssuedPreview issued = promotions.preview(id, request);
    return ResponseEntity.created(URI.create("/api/v1/preview-codes/" + issued.id() + "/qr.png")).body(issued);
  }

  @GetMapping(value = "/preview-codes/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
  byte[] previewPng(@PathVariable long id) {
    return promotions.previewPng(id);
  }

  /** For super apps resolving a scanned preview code for one of their users (no Miniflow login: the code is signed). */
  @GetMapping("/preview-codes/open")
  Promotions.Preview open(@RequestParam String token, @RequestParam(required = false) String tester) {
    return promotions.openPreview(token, tester);
  }
}
