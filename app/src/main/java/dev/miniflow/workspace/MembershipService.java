package dev.miniflow.workspace;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Workspace admins manage who is in the workspace with which roles. A workspace always keeps an admin. */
@Service
public class MembershipService {
  private final JdbcClient jdbc;
  private final WorkspaceAccess access;
  private final AuditTrail audit;

  private final org.springframework.context.ApplicationEventPublisher events;

  MembershipService(JdbcClient jdbc, WorkspaceAccess access, AuditTrail audit,
      org.springframework.context.ApplicationEventPublisher events) {
    this.events = events;
    this.jdbc = jdbc;
    this.access = access;
    this.audit = audit;
  }

  public List<Member> members(long workspaceId) {
    access.requireMember(workspaceId, "Workspace " + workspaceId);
    Map<String, Member> members = new LinkedHashMap<>();
    jdbc.sql("""
            select u.username, u.display_name, u.email, m.role,
                   exists (select 1 from workspace_block b where b.workspace_id = m.workspace_id
                           and b.user_id = m.user_id) as blocked
            from workspace_member m join app_user u on u.id = m.user_id
            where m.workspace_id = :ws order by u.username, m.role""")
        .param("ws", workspaceId)
        .query(rs -> {
          Member member = members.computeIfAbsent(rs.getString("username"), u -> {
            try {
              return new Member(u, rs.getString("display_name"), rs.getString("email"), EnumSet.noneOf(Role.class),
                  rs.getBoolean("blocked"));
            } catch (java.sql.SQLException e) {
              throw new IllegalStateException(e);
            }
          });
          member.roles().add(Role.valueOf(rs.getString("role")));
        });
    return new ArrayList<>(members.values());
  }

  /** Replaces a member's roles. Taking the admin role from the last admin is refused. */
  @Transactional
  public Member setRoles(long workspaceId, String username, Set<Role> roles) {
    String admin = access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    if (roles == null || roles.isEmpty()) {
      throw Problems.invalid("Give at least one role, or remove the member instead.");
    }
    long userId = memberId(workspaceId, username);
    lockAdmins(workspaceId);
    if (!roles.contains(Role.ADMIN) && isLastAdmin(workspaceId, userId)) {
      throw Problems.conflict(username + " is the last admin of this workspace; make someone else admin first.");
    }
    Set<Role> before = access.rolesOf(username, workspaceId);
    jdbc.sql("delete from workspace_member where workspace_id = :ws and user_id = :u")
        .param("ws", workspaceId).param("u", userId).update();
    for (Role role : roles) {
      jdbc.sql("insert into workspace_member(workspace_id, user_id, role) values (:ws, :u, :r)")
          .param("ws", workspaceId).param("u", userId).param("r", role.name()).update();
    }
    audit.record(admin, WorkspaceAudit.MEMBER_ROLES_CHANGED, workspaceId, workspaceId,
        username + ": " + before + " → " + roles);
    return member(workspaceId, username);
  }

  /** Removes someone from the workspace, with their mini program roles and grants there. The last admin cannot be removed. */
  @Transactional
  public void remove(long workspaceId, String username) {
    String admin = access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    long userId = memberId(workspaceId, username);
    lockAdmins(workspaceId);
    if (isLastAdmin(workspaceId, userId)) {
      throw Problems.conflict(username + " is the last admin of this workspace and cannot be removed.");
    }
    jdbc.sql("delete from workspace_member where workspace_id = :ws and user_id = :u")
        .param("ws", workspaceId).param("u", userId).update();
    audit.record(admin, WorkspaceAudit.MEMBER_REMOVED, workspaceId, workspaceId, username);
    events.publishEvent(new MemberRemoved(workspaceId, username, admin));
  }

  /**
   * Blocks a member: they keep their roles but reach nothing of the workspace and get no tasks
   * until unblocked; their claimed tasks go back to their queues and their sessions end. Nobody
   * blocks themselves or the last admin who is not blocked.
   */
  @Transactional
  public Member block(long workspaceId, String username) {
    String admin = access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    long userId = memberId(workspaceId, username);
    if (admin.equals(username)) {
      throw Problems.invalid("You cannot block yourself.");
    }
    lockAdmins(workspaceId);
    if (isLastAdmin(workspaceId, userId)) {
      throw Problems.conflict(username + " is the last admin of this workspace who is not blocked; make someone else"
          + " admin first.");
    }
    int blocked = jdbc.sql("""
            insert into workspace_block(workspace_id, user_id, blocked_by) values (:ws, :u, :by)
            on conflict do nothing""")
        .param("ws", workspaceId).param("u", userId).param("by", admin).update();
    if (blocked == 0) {
      throw Problems.conflict(username + " is blocked already.");
    }
    audit.record(admin, WorkspaceAudit.MEMBER_BLOCKED, workspaceId, workspaceId, username);
    events.publishEvent(new MemberBlocked(workspaceId, username, admin));
    return member(workspaceId, username);
  }

  /** Gives a blocked member their access back, with the roles they had. */
  @Transactional
  public Member unblock(long workspaceId, String username) {
    String admin = access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    long userId = memberId(workspaceId, username);
    int unblocked = jdbc.sql("delete from workspace_block where workspace_id = :ws and user_id = :u")
        .param("ws", workspaceId).param("u", userId).update();
    if (unblocked == 0) {
      throw Problems.conflict(username + " is not blocked.");
    }
    audit.record(admin, WorkspaceAudit.MEMBER_UNBLOCKED, workspaceId, workspaceId, username);
    return member(workspaceId, username);
  }

  private Member member(long workspaceId, String username) {
    return members(workspaceId).stream().filter(m -> m.username().equals(username)).findFirst().orElseThrow();
  }

  private long memberId(long workspaceId, String username) {
    return jdbc.sql("""
            select distinct u.id from app_user u join workspace_member m on m.user_id = u.id
            where u.username = :username and m.workspace_id = :ws""")
        .param("username", username).param("ws", workspaceId).query(Long.class).optional()
        .orElseThrow(() -> Problems.notFound("Member '" + username + "'"));
  }

  /** Two admins demoting each other at once must not leave the workspace without one. */
  private void lockAdmins(long workspaceId) {
    jdbc.sql("select id from workspace where id = :ws for update").param("ws", workspaceId).query(Long.class).list();
  }

  /** Whether the user is the one admin who can still act (blocked admins cannot). */
  private boolean isLastAdmin(long workspaceId, long userId) {
    List<Long> admins = jdbc.sql("""
            select m.user_id from workspace_member m where m.workspace_id = :ws and m.role = 'ADMIN'
            and not exists (select 1 from workspace_block b where b.workspace_id = m.workspace_id
                            and b.user_id = m.user_id)""")
        .param("ws", workspaceId).query(Long.class).list();
    return admins.size() == 1 && admins.getFirst() == userId;
  }
}
