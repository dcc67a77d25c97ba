package dev.miniflow.tasklist.rejection;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A workspace's rejection reasons: members read them, process owners keep them. */
@RestController
class RejectionReasonApi {
  private static final String BASE = "/api/v1/workspaces/{workspaceId}/rejection-reasons";
  private final Rejections rejections;

  RejectionReasonApi(Rejections rejections) {
    this.rejections = rejections;
  }

  /** Lists a workspace's rejection reasons. What a reviewer may pick when rejecting; for its members. */
  @GetMapping(BASE)
  List<RejectionReason> list(@PathVariable("workspaceId") long ws) {
    return rejections.reasons(ws);
  }

  /** Adds a rejection reason to a workspace. Body: {"title", "description"}; process owners only. */
  @PostMapping(BASE)
  @ResponseStatus(HttpStatus.CREATED)
  RejectionReason add(@PathVariable("workspaceId") long ws, @RequestBody Rejections.NewReason reason) {
    return rejections.add(ws, reason);
  }

  /** Changes a rejection reason. Body: {"title", "description"}; process owners only. */
  @PutMapping(BASE + "/{id}")
  RejectionReason edit(@PathVariable("workspaceId") long ws, @PathVariable long id,
      @RequestBody Rejections.NewReason reason) {
    return rejections.edit(ws, id, reason);
  }

  /** Retires a rejection reason. It is no longer offered; earlier rejections keep it. Process owners only. */
  @PostMapping(BASE + "/{id}/retire")
  RejectionReason retire(@PathVariable("workspaceId") long ws, @PathVariable long id) {
    return rejections.retire(ws, id);
  }
}
