package dev.miniflow.tasklist.views;

import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import dev.miniflow.tasklist.TaskFilter;
import dev.miniflow.tasklist.TaskQueries;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Saved views of the task list: a queue with its filters under a name, personal or shared with a
 * role of its workspace, each shown with how many tasks it holds for the reader right now. A view
 * only ever shows what the reader's own queue holds: sharing a filter shares no tasks.
 */
@Service
public class TaskViews {
  static final int MAX_OWNED = 50;
  /** Shared views per workspace: everyone holding the role sees (and counts) each of them. */
  static final int MAX_SHARED = 50;
  /** Counts above this show as "1000+": a count is a glance, not a report. */
  public static final int COUNT_CAP = 1000;

  private final TaskViewStore store;
  private final WorkspaceAccess access;
  private final TaskQueries tasks;

  TaskViews(TaskViewStore store, WorkspaceAccess access, TaskQueries tasks) {
    this.store = store;
    this.access = access;
    this.tasks = tasks;
  }

  public record NewView(String name, TaskFilter filter, String sharedRole) {}

  /** A view as its reader sees it: how many tasks it holds for them, whether it is theirs, whether it is their default. */
  public record Counted(SavedView view, long count, boolean mine, boolean isDefault) {}

  @Transactional
  public SavedView create(long workspaceId, NewView request) {
    String user = access.require(workspaceId, "Workspace " + workspaceId);
    if (store.countOwned(user) >= MAX_OWNED) {
      throw Problems.conflict("You have " + MAX_OWNED + " saved views; delete one first.");
    }
    Checked checked = check(workspaceId, user, request);
    requireRoomToShare(workspaceId, checked, null);
    long id = store.insert(workspaceId, user, checked.name(), checked.filter(), checked.role());
    if (id < 0) {
      throw Problems.conflict("You already have a view named '" + checked.name() + "' in this workspace.");
    }
    return store.find(id).orElseThrow();
  }

  @Transactional
  public SavedView update(long id, NewView request) {
    SavedView view = own(id);
    String user = access.require(view.workspaceId(), "Workspace " + view.workspaceId());
    Checked checked = check(view.workspaceId(), user, request);
    requireRoomToShare(view.workspaceId(), checked, view);
    try {
      store.update(id, checked.name(), checked.filter(), checked.role());
    } catch (org.springframework.dao.DuplicateKeyException e) {
      throw Problems.conflict("You already have a view named '" + checked.name() + "' in this workspace.");
    }
    return store.find(id).orElseThrow();
  }

  @Transactional
  public void delete(long id) {
    SavedView view = own(id);
    access.require(view.workspaceId(), "Workspace " + view.workspaceId());
    store.delete(id);
  }

  /** The views the current user may use, with their live counts. */
  public List<Counted> visible() {
    String user = CurrentUser.username();
    Long defaultId = store.defaultOf(user).orElse(null);
    List<Counted> counted = new ArrayList<>();
    for (SavedView view : visibleViews(user)) {
      counted.add(new Counted(view, tasks.count(view.filter().toQuery(), COUNT_CAP), view.owner().equals(user),
          Long.valueOf(view.id()).equals(defaultId)));
    }
    return counted;
  }

  /** The view, if the current user may use it; a colleague's personal or otherwise shared one is refused. */
  public SavedView get(long id) {
    String user = CurrentUser.username();
    SavedView view = store.find(id).orElseThrow(() -> Problems.notFound("View " + id));
    access.requireMember(view.workspaceId(), "View " + id);
    if (!view.owner().equals(user) && (view.sharedRole() == null
        || !access.rolesOf(user, view.workspaceId()).contains(Role.valueOf(view.sharedRole())))) {
      throw Problems.forbidden(view.sharedRole() == null ? "This view is " + view.owner() + "'s own."
          : "This view is shared with " + view.sharedRole() + " only.");
    }
    return view;
  }

  /** The current user's default view, if it is still one they may use. */
  public Optional<SavedView> defaultView() {
    String user = CurrentUser.username();
    return store.defaultOf(user).flatMap(id -> visibleViews(user).stream().filter(v -> v.id() == id).findFirst());
  }

  /** Makes the view the current user's default (null: none). */
  @Transactional
  public void setDefault(Long id) {
    if (id != null) {
      get(id);
    }
    store.setDefault(CurrentUser.username(), id);
  }

  private List<SavedView> visibleViews(String user) {
    List<Long> workspaces = access.workspacesOf(user);
    List<String> roles = new ArrayList<>();
    for (long ws : workspaces) {
      access.rolesOf(user, ws).forEach(r -> roles.add(ws + ":" + r.name()));
    }
    return store.visible(user, workspaces, roles);
  }

  /** The caller's own view: others may use a shared view, only its owner changes it. */
  private SavedView own(long id) {
    SavedView view = store.find(id).orElseThrow(() -> Problems.notFound("View " + id));
    access.requireMember(view.workspaceId(), "View " + id);
    if (!view.owner().equals(CurrentUser.username())) {
      throw Problems.forbidden("Only " + view.owner() + " changes this view.");
    }
    return view;
  }

  private record Checked(String name, TaskFilter filter, String role) {}

  private void requireRoomToShare(long workspaceId, Checked checked, SavedView before) {
    boolean newlyShared = checked.role() != null && (before == null || before.sharedRole() == null);
    if (newlyShared && store.countShared(workspaceId) >= MAX_SHARED) {
      throw Problems.conflict("This workspace has " + MAX_SHARED + " shared views; unshare or delete one first.");
    }
  }

  /** Name, filter (bound to the view's workspace, no page) and role checked; throws a problem otherwise. */
  private Checked check(long workspaceId, String user, NewView request) {
    if (request == null) {
      throw Problems.invalid("A view needs a name and a filter.");
    }
    String name = Text.name(request.name(), "view name", 80);
    TaskFilter given = request.filter() == null
        ? new TaskFilter(null, null, null, null, null, null, null, null, null, null, null, null)
        : request.filter();
    if (given.workspace() != null && given.workspace() != workspaceId) {
      throw Problems.invalid("A view of workspace " + workspaceId + " filters that workspace's tasks only.");
    }
    TaskFilter filter = new TaskFilter(given.queue(), given.process(), given.miniProgram(), given.targetApp(),
        given.olderThanHours(), given.dueBefore(), workspaceId, given.q(), given.sort(), given.desc(), null, null);
    filter.toQuery(); // refuses what a queue would refuse
    String role = null;
    if (request.sharedRole() != null && !request.sharedRole().isBlank()) {
      Role shared;
      try {
        shared = Role.valueOf(request.sharedRole().strip());
      } catch (IllegalArgumentException e) {
        throw Problems.invalid("'sharedRole' is one of " + java.util.Arrays.toString(Role.values()) + ".");
      }
      Set<Role> held = access.rolesOf(user, workspaceId);
      if (!held.contains(shared) && !held.contains(Role.ADMIN)) {
        throw Problems.forbidden("You can share a view with a role you hold (admins: with any role).");
      }
      role = shared.name();
    }
    return new Checked(name, filter, role);
  }
}
