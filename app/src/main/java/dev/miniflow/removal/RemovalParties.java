package dev.miniflow.removal;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Who a removal concerns: its mini program's name and owners (its admins and the workspace's). */
@Component
class RemovalParties {
  private final AccessPolicy policy;
  private final WorkspaceAccess workspaces;
  private final MiniProgramService miniPrograms;

  RemovalParties(AccessPolicy policy, WorkspaceAccess workspaces, MiniProgramService miniPrograms) {
    this.policy = policy;
    this.workspaces = workspaces;
    this.miniPrograms = miniPrograms;
  }

  List<String> owners(Removal removal) {
    Set<String> owners = new LinkedHashSet<>(policy.miniProgramAdmins(removal.miniProgramId()));
    owners.addAll(workspaces.membersWithRole(removal.workspaceId(), Role.ADMIN));
    return new ArrayList<>(owners);
  }

  String programName(Removal removal) {
    return miniPrograms.miniProgramWithoutAccessCheck(removal.miniProgramId()).name();
  }

}
