package dev.miniflow.workspace;

import org.springframework.modulith.NamedInterface;
import dev.miniflow.support.CallerToken;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The one place that decides whether the current user may act in a workspace. Someone who is not
 * a member gets "not found", so nothing of another workspace leaks; a member without the role
 * gets "forbidden".
 */
@Service
@NamedInterface("api")
public class WorkspaceAccess {
  /** A membership row that counts: its account is enabled and not blocked in that workspace. */
  static final String COUNTS = " u.enabled and not exists (select 1 from workspace_block b"
      + " where b.workspace_id = m.workspace_id and b.user_id = m.user_id)";

  /**
   * The same rule as a condition for another module's statement: true when the user named by
   * the SQL expression {@code username} counts as a member of the workspace {@code workspaceId}
   * (the inbox tells many people in one insert with it). Both are SQL expressions, a column or a
   * named parameter, never values.
   */
  public static String countsAsMember(String workspaceId, String username) {
    return "exists (select 1 from workspace_member m join app_user u on u.id = m.user_id where u.username = "
        + username + " and m.workspace_id = " + workspaceId + " and" + COUNTS + ")";
  }

  private final JdbcClient jdbc;

  WorkspaceAccess(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Set<Role> rolesOf(String username, long workspaceId) {
    if (CallerToken.onlyWorkspaceOf(username).filter(only -> only != workspaceId).isPresent()) {
      return EnumSet.noneOf(Role.class);
    }
    List<String> roles = jdbc.sql("""
            select m.role from workspace_member m join app_user u on u.id = m.user_id
            where u.username = :username and m.workspace_id = :ws and """ + COUNTS)
        .param("username", username).param("ws", workspaceId)
        .query(String.class).list();
    Set<Role> result = EnumSet.noneOf(Role.class);
    roles.forEach(r -> result.add(Role.valueOf(r)));
    return result;
  }

  /** Candidate groups the user belongs to in the workspace. */
  public Set<String> groupsOf(String username, long workspaceId) {
    return rolesOf(username, workspaceId).stream().map(Role::group).collect(Collectors.toSet());
  }

  /** Usernames holding the role in the workspace, for telling them something needs them. */
  public List<String> membersWithRole(long workspaceId, Role role) {
    return jdbc.sql("""
            select u.username from workspace_member m join app_user u on u.id = m.user_id
            where m.workspace_id = :ws and m.role = :role and """ + COUNTS + " order by u.username")
        .param("ws", workspaceId).param("role", role.name()).query(String.class).list();
  }

  public List<Long> workspacesOf(String username) {
    return jdbc.sql("""
            select distinct m.workspace_id from workspace_member m join app_user u on u.id = m.user_id
            where u.username = :username and """ + COUNTS + " order by 1")
        .param("username", username).query(Long.class).list().stream().filter(inTokenScope(username)).toList();
  }

  /**
   * Every workspace the user counts in, with their roles there, in one query: what {@link
   * #workspacesOf}, {@link #rolesOf} for each and {@link #workspacesWithRole} would say together
   * (the task queues read it on every call).
   */
  public java.util.SortedMap<Long, Set<Role>> membershipsOf(String username) {
    java.util.SortedMap<Long, Set<Role>> memberships = new java.util.TreeMap<>();
    var inScope = inTokenScope(username);
    jdbc.sql("""
            select m.workspace_id, m.role from workspace_member m join app_user u on u.id = m.user_id
            where u.username = :username and """ + COUNTS)
        .param("username", username).query((org.springframework.jdbc.core.RowCallbackHandler) rs -> {
          long workspaceId = rs.getLong("workspace_id");
          if (inScope.test(workspaceId)) {
            memberships.computeIfAbsent(workspaceId, k -> EnumSet.noneOf(Role.class))
                .add(Role.valueOf(rs.getString("role")));
          }
        });
    return memberships;
  }

  /** The workspaces in which the user holds the role, e.g. those an admin may monitor. */
  public List<Long> workspacesWithRole(String username, Role role) {
    return jdbc.sql("""
            select distinct m.workspace_id from workspace_member m join app_user u on u.id = m.user_id
            where u.username = :username and m.role = :role and """ + COUNTS + " order by 1")
        .param("username", username).param("role", role.name()).query(Long.class).list().stream()
        .filter(inTokenScope(username)).toList();
  }

  /** A service token keeps its caller inside its one workspace (see {@link CallerToken}). */
  private static java.util.function.Predicate<Long> inTokenScope(String username) {
    var only = CallerToken.onlyWorkspaceOf(username);
    return workspaceId -> only.map(workspaceId::equals).orElse(true);
  }

  /**
   * Requires the current user to hold one of the roles in the workspace.
   *
   * @param what how the protected thing is named in a "not found" answer
   */
  public String require(long workspaceId, String what, Role... anyOf) {
    String username = CurrentUser.username();
    Set<Role> roles = rolesOf(username, workspaceId);
    if (roles.isEmpty()) {
      throw Problems.notFound(what);
    }
    if (anyOf.length > 0 && Arrays.stream(anyOf).noneMatch(roles::contains)) {
      throw Problems.forbidden("This needs one of the roles " + Arrays.toString(anyOf) + " in the workspace.");
    }
    if (Changes.requested() && archived(workspaceId)) {
      throw Problems.conflict("This workspace is archived and read-only; a platform admin can restore it.");
    }
    return username;
  }

  /** Whether a platform admin archived the workspace (see {@link PlatformAdministration}). */
  public boolean archived(long workspaceId) {
    return jdbc.sql("select archived_at is not null from workspace where id = :ws").param("ws", workspaceId)
        .query(Boolean.class).optional().orElse(false);
  }

  /** Whether the user holds the platform role (see {@link PlatformRole}). */
  public boolean hasPlatformRole(String username, PlatformRole role) {
    if (CallerToken.onlyWorkspaceOf(username).isPresent()) {
      return false; // a workspace's service token never acts above its workspace
    }
    return jdbc.sql("""
            select count(*) > 0 from platform_member p join app_user u on u.id = p.user_id
            where u.username = :username and u.enabled and p.role = :role""")
        .param("username", username).param("role", role.name()).query(Boolean.class).single();
  }

  /** Whether the account exists and may act (a disabled account's tokens stop with it). */
  public boolean enabled(String username) {
    return jdbc.sql("select enabled from app_user where username = :username").param("username", username)
        .query(Boolean.class).optional().orElse(false);
  }

  /** Requires the current user to be a member of the workspace, with any role. */
  public String requireMember(long workspaceId, String what) {
    return require(workspaceId, what);
  }
}
