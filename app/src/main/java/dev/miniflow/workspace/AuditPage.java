package dev.miniflow.workspace;

import dev.miniflow.support.AuditTrail;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** A workspace's audit trail, for its admins. */
@Controller
class AuditPage {
  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;
  private final AuditTrail audit;

  AuditPage(WorkspaceAccess access, WorkspaceService workspaces, AuditTrail audit) {
    this.access = access;
    this.workspaces = workspaces;
    this.audit = audit;
  }

  @GetMapping("/workspaces/{workspaceId}/audit")
  String audit(@PathVariable long workspaceId, @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action, @RequestParam(required = false) String subjectType,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Model model) {
    access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    Instant start = from == null ? null : from.atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = to == null ? null : to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    model.addAttribute("events",
        audit.search(workspaceId, new AuditTrail.Filter(actor, action, subjectType, start, end), 500));
    model.addAttribute("workspaceId", workspaceId);
    model.addAttribute("workspaceName", workspaces.workspaceName(workspaceId));
    return "workspace/audit";
  }
}
