package dev.miniflow.authorization;

import org.springframework.modulith.NamedInterface;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place that decides what someone may do on a mini program: workspace role × mini program
 * role × active grant, inside the mini program's workspace. Workspace admins may do everything;
 * mini program admins everything on theirs; mini program developers upload, release and read
 * analytics; anyone else only what an active, unexpired grant gives them.
 */
@Service
@NamedInterface("api")
public class AccessPolicy {
  private final JdbcClient jdbc;
  private final WorkspaceAccess workspaces;
  private final AuditTrail audit;

  AccessPolicy(JdbcClient jdbc, WorkspaceAccess workspaces, AuditTrail audit) {
    this.jdbc = jdbc;
    this.workspaces = workspaces;
    this.audit = audit;
  }

  public Set<Scope> scopesOf(String username, long workspaceId, long miniProgramId) {
    Set<Role> roles = workspaces.rolesOf(username, workspaceId);
    if (roles.isEmpty()) {
      return EnumSet.noneOf(Scope.class);
    }
    if (roles.contains(Role.ADMIN)) {
      return EnumSet.allOf(Scope.class);
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    jdbc.sql("""
            select m.role from mini_program_member m join app_user u on u.id = m.user_id
            where m.mini_program_id = :mp and u.username = :u""")
        .param("mp", miniProgramId).param("u", username).query(String.class).list()
        .forEach(r -> scopes.addAll(MiniProgramRole.valueOf(r).scopes()));
    jdbc.sql("""
            select unnest(scopes) from access_grant
            where mini_program_id = :mp and grantee = :u and status = 'ACTIVE' and expires_at > now()""")
        .param("mp", miniProgramId).param("u", username).query(String.class).list()
        .forEach(s -> scopes.add(Scope.valueOf(s)));
    return scopes;
  }

  /**
   * Requires the current user to hold the scope on the mini program of the workspace: "not found"
   * outside the workspace, "forbidden" inside it without the scope.
   */
  public String require(long workspaceId, long miniProgramId, Scope scope) {
    String user = workspaces.requireMember(workspaceId, "Mini program " + miniProgramId);
    if (!scopesOf(user, workspaceId, miniProgramId).contains(scope)) {
      throw Problems.forbidden("This needs the " + scope.name().toLowerCase() + " scope on this mini program:"
          + " ask its admin for access.");
    }
    return user;
  }

  public boolean has(long workspaceId, long miniProgramId, Scope scope) {
    return scopesOf(CurrentUser.username(), workspaceId, miniProgramId).contains(scope);
  }

  /** Who can decide access requests for a mini program besides the workspace admins. */
  public java.util.List<String> miniProgramAdmins(long miniProgramId) {
    return jdbc.sql("""
            select u.username from mini_program_member m join app_user u on u.id = m.user_id
            where m.mini_program_id = :mp and m.role = 'ADMIN' order by u.username""")
        .param("mp", miniProgramId).query(String.class).list();
  }

  public record MiniProgramMember(String username, MiniProgramRole role) {}

  public java.util.List<MiniProgramMember> members(long miniProgramId) {
    return jdbc.sql("""
            select u.username, m.role from mini_program_member m join app_user u on u.id = m.user_id
            where m.mini_program_id = :mp order by u.username""")
        .param("mp", miniProgramId)
        .query(
            (rs, i) -> new MiniProgramMember(rs.getString("username"), MiniProgramRole.valueOf(rs.getString("role"))))
        .list();
  }

  /** Ends every role the user holds on the workspace's mini programs (they left the workspace). @return how many */
  @Transactional(propagation = Propagation.MANDATORY)
  public int dropRoles(long workspaceId, String username) {
    return jdbc.sql("""
            delete from mini_program_member where user_id = (select id from app_user where username = :u)
              and mini_program_id in (select id from mini_program where workspace_id = :ws)""")
        .param("u", username).param("ws", workspaceId).update();
  }

  /**
   * Roles last; a grant does not: someone whose members scope comes only from a time-limited
   * grant cannot hand out (or keep) roles beyond it. Only workspace admins and the mini program's
   * admins change its roles.
   */
  private String requireRoleManager(long workspaceId, long miniProgramId) {
    String actor = require(workspaceId, miniProgramId, Scope.MEMBERS);
    if (!workspaces.rolesOf(actor, workspaceId).contains(Role.ADMIN)
        && !miniProgramAdmins(miniProgramId).contains(actor)) {
      throw Problems.forbidden("Roles on a mini program are changed by its admins and the workspace admins;"
          + " an access grant does not give that.");
    }
    return actor;
  }

  /** Removes someone's role on a mini program; its last admin stays. */
  @Transactional
  public void removeRole(long workspaceId, long miniProgramId, String username) {
    String actor = requireRoleManager(workspaceId, miniProgramId);
    var admins = miniProgramAdmins(miniProgramId);
    if (admins.size() == 1 && admins.getFirst().equals(username)) {
      throw Problems.conflict(username + " is the last admin of this mini program; make someone else admin first.");
    }
    int removed = jdbc.sql("""
            delete from mini_program_member where mini_program_id = :mp
              and user_id = (select id from app_user where username = :u)""")
        .param("mp", miniProgramId).param("u", username).update();
    if (removed == 0) {
      throw Problems.notFound("Member '" + username + "'");
    }
    audit.record(actor, AccessAudit.ROLE_REMOVED, miniProgramId, workspaceId, username);
  }

  /** Gives a workspace member a role on a mini program (needs the members scope there). */
  @Transactional
  public void assignRole(long workspaceId, long miniProgramId, String username, MiniProgramRole role) {
    String actor = requireRoleManager(workspaceId, miniProgramId);
    if (workspaces.rolesOf(username, workspaceId).isEmpty()) {
      throw Problems.notFound("Member '" + username + "'");
    }
    var admins = miniProgramAdmins(miniProgramId);
    if (role != MiniProgramRole.ADMIN && admins.size() == 1 && admins.getFirst().equals(username)) {
      throw Problems.conflict(username + " is the last admin of this mini program; make someone else admin first.");
    }
    setRole(workspaceId, miniProgramId, username, role, actor);
  }

  /** The creator of a mini program becomes its admin. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void setRole(long workspaceId, long miniProgramId, String username, MiniProgramRole role, String actor) {
    int added = jdbc.sql("""
            insert into mini_program_member(mini_program_id, user_id, role)
            select :mp, id, :role from app_user where username = :u
            on conflict (mini_program_id, user_id) do update set role = excluded.role""")
        .param("mp", miniProgramId).param("role", role.name()).param("u", username).update();
    if (added == 0) {
      throw Problems.notFound("User '" + username + "'");
    }
    audit.record(actor, AccessAudit.ROLE_SET, miniProgramId, workspaceId, username + " as " + role);
  }
}
