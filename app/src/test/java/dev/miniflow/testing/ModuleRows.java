package dev.miniflow.testing;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rows of other modules' tables that a module test's own rows refer to (foreign keys): their
 * services are not part of the test, so the rows are written as those services leave them.
 * Names are unique, since the module tests share one database.
 */
public final class ModuleRows {
  private final JdbcClient jdbc;

  public ModuleRows(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public long workspace() {
    return jdbc.sql("insert into workspace(name) values (:name) returning id")
        .param("name", "Workspace " + UUID.randomUUID())
        .query(Long.class).single();
  }

  public long miniProgram(long workspaceId) {
    return jdbc.sql("""
        insert into mini_program(workspace_id, name, created_by) values (:ws, :name, 'developer') returning id""")
        .param("ws", workspaceId).param("name", "Program " + UUID.randomUUID().toString().substring(0, 8))
        .query(Long.class).single();
  }

  public long version(long miniProgramId, String version) {
    return jdbc.sql("""
        insert into app_version(mini_program_id, version, package_file, package_bytes, sha256, report, uploaded_by)
        values (:mp, :version, 'package.zip', 1, repeat('0', 64), '{}', 'developer') returning id""")
        .param("mp", miniProgramId).param("version", version).query(Long.class).single();
  }

  public long targetApp(long workspaceId, String code) {
    return jdbc.sql("""
        insert into target_app(workspace_id, code, name, connector) values (:ws, :code, :code, 'simulated')
        returning id""").param("ws", workspaceId).param("code", code).query(Long.class).single();
  }
}
