package dev.miniflow.evidence;

import dev.miniflow.workspace.WorkspaceService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The verification of a workspace's audit chain, as a page beside the audit browser. */
@Controller
class EvidencePages {
  private final ChainVerification verification;
  private final WorkspaceService workspaces;

  EvidencePages(ChainVerification verification, WorkspaceService workspaces) {
    this.verification = verification;
    this.workspaces = workspaces;
  }

  @GetMapping("/workspaces/{workspaceId}/audit/verification")
  String verify(@PathVariable long workspaceId, Model model) {
    model.addAttribute("result", verification.verify(workspaceId));
    model.addAttribute("workspaceId", workspaceId);
    model.addAttribute("workspaceName", workspaces.workspaceName(workspaceId));
    return "evidence/verification";
  }
}
