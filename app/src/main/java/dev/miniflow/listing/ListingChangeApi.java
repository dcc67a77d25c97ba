package dev.miniflow.listing;

import dev.miniflow.miniprogram.MiniProgramService;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A mini program's listing changes per target app, and withdrawing one under review. */
@RestController
class ListingChangeApi {
  private final ListingChangeActions actions;
  private final MiniProgramService miniPrograms;

  ListingChangeApi(ListingChangeActions actions, MiniProgramService miniPrograms) {
    this.actions = actions;
    this.miniPrograms = miniPrograms;
  }

  record ListingChangeView(long id, long miniProgramId, long targetAppId, ListingChange.Status status,
      String listing, String previous, String requestedBy, Instant requestedAt, String decidedBy,
      String decisionComment, Instant decidedAt, Instant publishedAt, String partnerReference) {
    static ListingChangeView of(ListingChange c) {
      return new ListingChangeView(c.id(), c.miniProgramId(), c.targetAppId(), c.status(), c.listing(), c.previous(),
          c.requestedBy(), c.requestedAt(), c.decidedBy(), c.decisionComment(), c.decidedAt(), c.publishedAt(),
          c.partnerReference());
    }
  }

  /**
   * Lists the listing changes of a mini program. Changed texts of a live mini program, each reviewed and published
   * per target app; for members of its workspace.
   */
  @GetMapping("/api/v1/mini-programs/{id}/listing-changes")
  List<ListingChangeView> ofMiniProgram(@PathVariable long id) {
    return actions.ofMiniProgram(id, miniPrograms.get(id).workspaceId()).stream().map(ListingChangeView::of)
        .toList();
  }

  /** Reads one listing change. For members of its workspace. */
  @GetMapping("/api/v1/listing-changes/{id}")
  ListingChangeView get(@PathVariable long id) {
    return ListingChangeView.of(actions.get(id));
  }

  /**
   * Withdraws a listing change still in review. For members of its workspace; a decided change cannot be withdrawn
   * (409).
   */
  @PostMapping("/api/v1/listing-changes/{id}/withdraw")
  ListingChangeView withdraw(@PathVariable long id) {
    return ListingChangeView.of(actions.withdraw(id));
  }
}
