package dev.miniflow.removal;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Emergency freezes over REST: freeze a mini program everywhere, read what became of each target app. */
@RestController
class FreezeApi {
  private final EmergencyFreezes freezes;

  FreezeApi(EmergencyFreezes freezes) {
    this.freezes = freezes;
  }

  record FreezeRequest(String reason) {}

  record FreezeView(long id, long workspaceId, long miniProgramId, String reason, String frozenBy, Instant frozenAt,
      List<RemovalView> removals) {
    static FreezeView of(EmergencyFreezes.Freeze f) {
      return new FreezeView(f.id(), f.workspaceId(), f.miniProgramId(), f.reason(), f.frozenBy(), f.frozenAt(),
          f.removals().stream().map(RemovalView::of).toList());
    }
  }

  /**
   * Freezes a mini program in an emergency. Inspectors and admins; body {"reason"}. Takes the mini program offline in
   * every target app it is live in: one severe removal per target app, each published once. 201 with the freeze.
   */
  @PostMapping("/api/v1/mini-programs/{miniProgramId}/freeze")
  ResponseEntity<FreezeView> freeze(@PathVariable long miniProgramId, @RequestBody FreezeRequest body) {
    EmergencyFreezes.Freeze freeze = freezes.freeze(miniProgramId, body.reason());
    return ResponseEntity.created(URI.create("/api/v1/freezes/" + freeze.id())).body(FreezeView.of(freeze));
  }

  /** Reads one emergency freeze. With the removals it started; for members of its workspace. */
  @GetMapping("/api/v1/freezes/{id}")
  FreezeView get(@PathVariable long id) {
    return FreezeView.of(freezes.get(id));
  }

  /** Lists the emergency freezes of a mini program. For members of its workspace. */
  @GetMapping("/api/v1/mini-programs/{miniProgramId}/freezes")
  List<FreezeView> ofMiniProgram(@PathVariable long miniProgramId) {
    return freezes.ofMiniProgram(miniProgramId).stream().map(FreezeView::of).toList();
  }
}
