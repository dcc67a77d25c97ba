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

  /** Fresh accounts, one per prefix ("{prefix}-{random}"), all with the password; their usernames, in order. */
  public static java.util.List<String> newAccounts(WorkspaceService workspaces, TransactionTemplate tx,
      String password, String... prefixes) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    var names = java.util.Arrays.stream(prefixes).map(prefix -> prefix + "-" + suffix).toList();
    tx.executeWithoutResult(s -> names.forEach(name -> workspaces.createAccount(name, name, null, password, "test")));
    return names;
  }

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
