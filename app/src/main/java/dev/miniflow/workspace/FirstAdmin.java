package dev.miniflow.workspace;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Outside the embedded default there are no demo users: an empty installation gets one admin
 * (and a workspace) from {@code miniflow.admin.username} / {@code miniflow.admin.password}.
 */
@Component
@ConditionalOnProperty(name = "miniflow.admin.password")
@Order(11)
class FirstAdmin implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
  /** The advisory lock that instances starting at once on an empty database take in turn. */
  private static final long FIRST_START = 0x4d662d61646d696eL; // "Mf-admin"
  private final WorkspaceService workspaces;
  private final TransactionTemplate tx;
  private final JdbcClient jdbc;
  private final String username;
  private final String password;
  private final String workspace;

  FirstAdmin(WorkspaceService workspaces, TransactionTemplate tx, JdbcClient jdbc,
      FirstAdminSettings settings) {
    this.workspaces = workspaces;
    this.tx = tx;
    this.jdbc = jdbc;
    this.username = settings.username();
    this.password = settings.password();
    this.workspace = settings.workspace();
  }

  @Override
  public void run(ApplicationArguments args) {
    if (workspaces.hasAccounts()) {
      return;
    }
    boolean created = Boolean.TRUE.equals(tx.execute(status -> {
      // two instances started at once on an empty database: the second waits here, then finds
      // the first one's admin (without the lock its insert would fail and stop its start)
      jdbc.sql("select pg_advisory_xact_lock(:k)").param("k", FIRST_START).query().listOfRows();
      if (workspaces.hasAccounts()) {
        return false;
      }
      long id = workspaces.createWorkspace(workspace, "system");
      workspaces.createAccount(username, "Administrator", null, password, "system");
      workspaces.addMember(id, username, Set.of(Role.ADMIN), "system");
      workspaces.grantPlatformRoles(username, "system");
      return true;
    }));
    if (created) {
      log.info("Created the first admin '{}' in workspace '{}'", username, workspace);
    }
  }
}
