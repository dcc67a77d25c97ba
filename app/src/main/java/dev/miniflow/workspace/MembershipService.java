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
            select u.username, u.display_name, u.email, m.role from workspace_member m join app_user u on u.id = m.user_id
            where m.workspace_id = :ws order by u.username, m.role""")
        .param("ws", workspaceId)
        .query(rs -> {
          Member member = members.computeIfAbsent(rs.getString("username"), u -> {
            try {
              return new Member(u, rs.getString("display_name"), rs.getString("email"), EnumSet.noneOf(Role.class));
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
    return members(workspaceId).stream().filter(m -> m.username().equals(username)).findFirst().orElseThrow();
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

  private boolean isLastAdmin(long workspaceId, long userId) {
    List<Long> admins = jdbc.sql("select user_id from workspace_member where workspace_id = :ws and role = 'ADMIN'")
        .param("ws", workspaceId).query(Long.class).list();
    return admins.size() == 1 && admins.getFirst() == userId;
  }
}
