package dev.miniflow.workspace;

import dev.miniflow.support.AuditEvent;
import dev.miniflow.support.AuditEventView;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Csv;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admins browse and export their workspace's audit trail. */
@RestController
class AuditApi {
  static final int MAX_ROWS = 10_000;
  private final AuditTrail audit;
  private final WorkspaceAccess access;

  AuditApi(AuditTrail audit, WorkspaceAccess access) {
    this.audit = audit;
    this.access = access;
  }

  /**
   * Searches a workspace's audit trail. Filters: actor, action, subjectType, from, to; latest first. Workspace admins
   * only.
   */
  @GetMapping("/api/v1/workspaces/{workspaceId}/audit")
  List<AuditEventView> search(@PathVariable long workspaceId, @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action, @RequestParam(required = false) String subjectType,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(defaultValue = "200") int limit) {
    access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    return audit.search(workspaceId, new AuditTrail.Filter(actor, action, subjectType, from, to),
        Math.max(1, Math.min(limit, MAX_ROWS))).stream().map(AuditEventView::of).toList();
  }

  /** Exports a workspace's audit trail as CSV. Same filters as the search; workspace admins only. */
  @GetMapping("/api/v1/workspaces/{workspaceId}/audit.csv")
  void export(@PathVariable long workspaceId, @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action, @RequestParam(required = false) String subjectType,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      HttpServletResponse response) throws IOException {
    access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    List<AuditEvent> events = audit.search(workspaceId, new AuditTrail.Filter(actor, action, subjectType, from, to),
        MAX_ROWS);
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader("Content-Disposition", "attachment; filename=\"audit-workspace-" + workspaceId + ".csv\"");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    writeCsv(events, response.getWriter());
  }

  static void writeCsv(List<AuditEvent> events, Writer out) throws IOException {
    Csv.write(out, List.of("id", "occurred_at", "actor", "action", "subject_type", "subject_id", "detail", "via"),
        events.stream().map(e -> java.util.Arrays.<Object>asList(e.id(), e.occurredAt(), e.actor(), e.action(),
            e.subjectType(), e.subjectId(), e.detail(), e.via())).toList());
  }
}
