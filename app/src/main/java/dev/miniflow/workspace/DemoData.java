package dev.miniflow.workspace;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Embedded default only: on the first start, one demo user per role in a "Demo" workspace. Their
 * passwords are random and printed once, on that start; the data is kept in ./data afterwards.
 */
@Component
@ConditionalOnProperty(name = "miniflow.embedded.active", havingValue = "true")
@Order(10)
class DemoData implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);
  static final Map<String, Set<Role>> USERS = new LinkedHashMap<>();

  static {
    USERS.put("admin", Set.of(Role.ADMIN));
    USERS.put("reviewer", Set.of(Role.REVIEWER));
    USERS.put("developer", Set.of(Role.DEVELOPER));
    USERS.put("operator", Set.of(Role.OPERATOR));
    USERS.put("inspector", Set.of(Role.INSPECTOR));
    USERS.put("owner", Set.of(Role.PROCESS_OWNER));
  }

  private final WorkspaceService workspaces;
  private final TransactionTemplate tx;
  private final String fixedPassword;

  DemoData(WorkspaceService workspaces, TransactionTemplate tx,
      DemoSettings settings) {
    this.workspaces = workspaces;
    this.tx = tx;
    this.fixedPassword = settings.password();
  }

  @Override
  public void run(ApplicationArguments args) {
    if (workspaces.hasAccounts()) {
      return;
    }
    StringBuilder printed = new StringBuilder();
    tx.executeWithoutResult(status -> {
      long demo = workspaces.createWorkspace("Demo", "system");
      USERS.forEach((username, roles) -> {
        String password = fixedPassword.isBlank() ? randomPassword() : fixedPassword;
        String display = Character.toUpperCase(username.charAt(0)) + username.substring(1);
        workspaces.createAccount(username, display + " (demo)", username + "@demo.miniflow.dev", password, "system");
        workspaces.addMember(demo, username, roles, "system");
        printed.append(String.format("%n    %-10s %-16s %s", username, password, roles));
      });
      // the first admin runs the platform too: the default processes are theirs to change
      workspaces.grantPlatformRoles("admin", "system");
      printed.append(String.format("%n    %-10s %-16s %s", "", "",
          "and the platform roles " + java.util.Arrays.toString(PlatformRole.values())));
    });
    log.info("""

        ==================================================================
         Demo users created in workspace "Demo" (shown only this once):
            user       password         roles{}
        ==================================================================""", printed);
  }

  private static String randomPassword() {
    String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 14; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
