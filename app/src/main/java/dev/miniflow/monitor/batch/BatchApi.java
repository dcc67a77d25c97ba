package dev.miniflow.monitor.batch;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Batch operations over the monitor's filters: preview, start, follow. */
@RestController
@RequestMapping("/api/v1/monitor/batches")
class BatchApi {
  private final BatchOperations batches;

  BatchApi(BatchOperations batches) {
    this.batches = batches;
  }

  /** What to do and the monitor's filters; a migration names the version to migrate to (targetDefinitionKey). */
  record BatchRequest(BatchOperation.Kind kind, String process, String state, String q, Instant from, Instant to,
      Long targetDefinitionKey) {
    BatchOperation.Criteria criteria() {
      return new BatchOperation.Criteria(process, state, q, from, to, targetDefinitionKey);
    }
  }

  /**
   * Previews a batch operation. How many items a start with these filters would take now, and the first few;
   * workspace admins only.
   */
  @GetMapping("/preview")
  BatchOperations.BatchPreview preview(@RequestParam(required = false) BatchOperation.Kind kind,
      @RequestParam(required = false) String process, @RequestParam(required = false) String state,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(required = false) Long targetDefinitionKey) {
    return batches.preview(kind, new BatchOperation.Criteria(process, state, q, from, to, targetDefinitionKey));
  }

  /**
   * Starts a batch operation over the instances that match now. Body: {"kind", "criteria"}; 202 with the batch to
   * follow (its items run one by one). Workspace admins only.
   */
  @PostMapping
  ResponseEntity<BatchOperation> start(@RequestBody BatchRequest body) {
    BatchOperation batch = batches.start(body.kind(), body.criteria());
    return ResponseEntity.accepted().location(URI.create("/api/v1/monitor/batches/" + batch.id())).body(batch);
  }

  /** Lists the recent batch operations. Of the workspaces the caller administers. */
  @GetMapping
  List<BatchOperation> recent() {
    return batches.recent();
  }

  /**
   * Reads one batch operation. Progress, and a result per item: done or failed (why), and what became of the instance
   * since.
   */
  @GetMapping("/{id}")
  BatchOperation batch(@PathVariable long id) {
    return batches.find(id);
  }
}
