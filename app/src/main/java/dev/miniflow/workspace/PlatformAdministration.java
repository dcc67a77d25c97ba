package dev.miniflow.workspace;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The platform admin's console: every workspace, created, renamed, archived (read-only, see
 * {@link WorkspaceAccess#require}) and restored, and the invitation of each one's admin. Nobody
 * else reaches any of it (403: these calls are about no one workspace).
 */
@Service
class PlatformAdministration {
  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;
  private final Invitations invitations;
  private final JdbcClient jdbc;
  private final AuditTrail audit;
  private final Clock clock;

  PlatformAdministration(WorkspaceAccess access, WorkspaceService workspaces, Invitations invitations,
      JdbcClient jdbc, AuditTrail audit, Clock clock) {
    this.access = access;
    this.workspaces = workspaces;
    this.invitations = invitations;
    this.jdbc = jdbc;
    this.audit = audit;
    this.clock = clock;
  }

  /** A workspace as the platform admin sees it: its admins (blocked ones too) and how many members it has. */
  record Tenant(long id, String name, Instant createdAt, Instant archivedAt, String archivedBy, List<String> admins,
      int members) {}

  /** Each workspace with its admins and member count; {@link #WORKSPACES} + a where, a group by and an order. */
  private static final String WORKSPACES = """
      select w.id, w.name, w.created_at, w.archived_at, w.archived_by,
             coalesce(array_agg(distinct u.username order by u.username)
                      filter (where m.role = 'ADMIN'), '{}') as admins,
             count(distinct m.user_id) as members
      from workspace w
      left join workspace_member m on m.workspace_id = w.id
      left join app_user u on u.id = m.user_id
      """;
  private static final RowMapper<Tenant> TENANT = (rs, i) -> new Tenant(rs.getLong("id"), rs.getString("name"),
      rs.getTimestamp("created_at").toInstant(), PendingInvitations.instant(rs.getTimestamp("archived_at")),
      rs.getString("archived_by"), List.of((String[]) rs.getArray("admins").getArray()), rs.getInt("members"));

  List<Tenant> workspaces() {
    requirePlatformAdmin();
    return jdbc.sql(WORKSPACES + "group by w.id order by w.archived_at nulls first, w.name").query(TENANT).list();
  }

  Tenant workspace(long workspaceId) {
    requirePlatformAdmin();
    return find(workspaceId);
  }

  /** One workspace, for a caller who passed the platform admin check. */
  private Tenant find(long workspaceId) {
    return jdbc.sql(WORKSPACES + "where w.id = :ws group by w.id").param("ws", workspaceId).query(TENANT).optional()
        .orElseThrow(() -> Problems.notFound("Workspace " + workspaceId));
  }

  /** A new workspace, with the default target apps every workspace starts with (see WorkspaceCreated). */
  @Transactional
  Tenant create(String name) {
    String admin = requirePlatformAdmin();
    return find(workspaces.createWorkspace(name, admin));
  }

  @Transactional
  Tenant rename(long workspaceId, String wanted) {
    String admin = requirePlatformAdmin();
    Tenant before = find(workspaceId);
    String name = WorkspaceService.checkedName(wanted);
    if (name.equals(before.name())) {
      return before;
    }
    int taken = jdbc.sql("select count(*) from workspace where name = :name and id <> :ws")
        .param("name", name).param("ws", workspaceId).query(Integer.class).single();
    if (taken > 0) {
      throw Problems.conflict("A workspace named '" + name + "' already exists.");
    }
    jdbc.sql("update workspace set name = :name where id = :ws").param("name", name).param("ws", workspaceId).update();
    audit.record(admin, WorkspaceAudit.WORKSPACE_RENAMED, workspaceId, workspaceId, before.name() + " → " + name);
    return find(workspaceId);
  }

  /** Makes a workspace read-only: its members still see everything, nobody changes or asks for anything. */
  @Transactional
  Tenant archive(long workspaceId) {
    String admin = requirePlatformAdmin();
    find(workspaceId);
    int changed = jdbc.sql("""
            update workspace set archived_at = :now, archived_by = :by where id = :ws and archived_at is null""")
        .param("now", Timestamp.from(clock.instant())).param("by", admin).param("ws", workspaceId).update();
    if (changed == 0) {
      throw Problems.conflict("This workspace is archived already.");
    }
    audit.record(admin, WorkspaceAudit.WORKSPACE_ARCHIVED, workspaceId, workspaceId, null);
    return find(workspaceId);
  }

  @Transactional
  Tenant restore(long workspaceId) {
    String admin = requirePlatformAdmin();
    find(workspaceId);
    int changed = jdbc.sql("""
            update workspace set archived_at = null, archived_by = null where id = :ws and archived_at is not null""")
        .param("ws", workspaceId).update();
    if (changed == 0) {
      throw Problems.conflict("This workspace is not archived.");
    }
    audit.record(admin, WorkspaceAudit.WORKSPACE_RESTORED, workspaceId, workspaceId, null);
    return find(workspaceId);
  }

  /** Invites someone as an admin of the workspace; the link is mailed and shown to the platform admin. */
  @Transactional
  Invitations.Invitation inviteAdmin(long workspaceId, String email) {
    String admin = requirePlatformAdmin();
    if (find(workspaceId).archivedAt() != null) {
      throw Problems.conflict("This workspace is archived and read-only; restore it first.");
    }
    return invitations.inviteAdmin(workspaceId, email, admin);
  }

  private String requirePlatformAdmin() {
    String user = CurrentUser.username();
    if (!access.hasPlatformRole(user, PlatformRole.ADMIN)) {
      throw Problems.forbidden("Workspaces are administered by platform admins.");
    }
    return user;
  }
}
