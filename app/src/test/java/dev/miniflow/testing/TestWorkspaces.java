package dev.miniflow.testing;

import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/** A fresh workspace with existing users as members, so a test's changes touch nobody else's. */
public final class TestWorkspaces {
  private TestWorkspaces() {}

  public static long create(WorkspaceService workspaces, TransactionTemplate tx, String namePrefix,
      Map<String, Set<Role>> members) {
    String name = namePrefix + " " + UUID.randomUUID();
    return tx.execute(s -> {
      long id = workspaces.createWorkspace(name, "test");
      members.forEach((user, roles) -> workspaces.addMember(id, user, roles, "test"));
      return id;
    });
  }
}
