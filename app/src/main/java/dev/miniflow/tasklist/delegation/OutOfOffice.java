package dev.miniflow.tasklist.delegation;

import dev.miniflow.notification.Inbox;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import dev.miniflow.tasklist.TaskAudit;
import dev.miniflow.tasklist.TaskOffers;
import dev.miniflow.tasklist.UserTask;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Out of office: a member names a delegate of the same workspace for a period and some processes.
 * New tasks meant for them in that period (as a named candidate or the assignee) are offered to the
 * delegate too; tasks they hold are handed over in one step. The four-eyes rule still holds: a
 * delegate is never offered, handed or allowed to decide a task about their own request.
 */
@Service
public class OutOfOffice {
  static final Duration LONGEST = Duration.ofDays(366);
  static final int MAX_PROCESSES = 20;
  /** Delegations not yet over per person and workspace (today's and planned ones). */
  static final int MAX_PLANNED = 10;
  private static final Pattern PROCESS_ID = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,127}");

  private final DelegationStore delegations;
  private final TaskOffers tasks;
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final Inbox inbox;
  private final Clock clock;

  OutOfOffice(DelegationStore delegations, TaskOffers tasks, WorkspaceAccess access, AuditTrail audit, Inbox inbox,
      Clock clock) {
    this.delegations = delegations;
    this.tasks = tasks;
    this.access = access;
    this.audit = audit;
    this.inbox = inbox;
    this.clock = clock;
  }

  record NewDelegation(String delegate, Instant startsAt, Instant endsAt, List<String> processes, String note) {}

  /** A delegation as set, with what the person setting it should know (the delegate is away too, say). */
  record Delegated(Delegation delegation, List<String> warnings) {}

  @Transactional
  public Delegated set(long workspaceId, NewDelegation request) {
    String user = access.require(workspaceId, "Workspace " + workspaceId);
    if (request == null || request.delegate() == null || request.delegate().isBlank()) {
      throw Problems.invalid("Name the delegate: a member of this workspace who takes your tasks while you are away.");
    }
    String delegate = request.delegate().strip();
    if (delegate.equals(user)) {
      throw Problems.invalid("You cannot be your own delegate.");
    }
    if (access.rolesOf(delegate, workspaceId).isEmpty()) {
      throw Problems.invalid("'" + Text.name(delegate, "delegate", 64) + "' is no member of this workspace.");
    }
    List<String> processes = processes(request.processes());
    Instant now = clock.instant();
    Instant from = request.startsAt() == null ? now : request.startsAt();
    Instant until = request.endsAt();
    if (until == null || !until.isAfter(from)) {
      throw Problems.invalid("'endsAt' has to be after 'startsAt' (or now, when no start is given).");
    }
    if (!until.isAfter(now)) {
      throw Problems.invalid("This period is already over.");
    }
    if (Duration.between(from, until).compareTo(LONGEST) > 0) {
      throw Problems.invalid("An out-of-office period lasts at most 366 days.");
    }
    List<Delegation> planned = delegations.current(workspaceId, user, now);
    if (planned.size() >= MAX_PLANNED) {
      throw Problems.conflict("You have " + MAX_PLANNED + " out-of-office periods planned; end one first.");
    }
    for (Delegation existing : planned) {
      if (existing.overlaps(from, until)) {
        throw Problems.conflict("You are already out of office from " + existing.startsAt() + " to "
            + existing.endsAt() + " (delegate " + existing.delegate() + "); end that one first.");
      }
    }
    String note = request.note() == null ? null : Text.prose(request.note(), "note", 500);
    long id = delegations.insert(workspaceId, user, delegate, from, until, processes, note);
    audit.record(user, TaskAudit.DELEGATION_SET, id, workspaceId,
        "delegate " + delegate + " from " + from + " to " + until
            + (processes.isEmpty() ? ", all processes" : ", processes " + String.join(", ", processes)));
    inbox.send(workspaceId, delegate, "delegation-" + id, "You stand in for " + user,
        user + " is out of office from " + from + " to " + until + "; their new tasks"
            + (processes.isEmpty() ? "" : " of " + String.join(", ", processes)) + " are offered to you.",
        "/tasks?queue=AVAILABLE");
    List<String> warnings = new ArrayList<>();
    for (Delegation away : delegations.current(workspaceId, delegate, now)) {
      if (away.overlaps(from, until)) {
        warnings.add(delegate + " is out of office too, from " + away.startsAt() + " to " + away.endsAt()
            + ": tasks offered to them wait until they are back (delegations are not passed on).");
      }
    }
    return new Delegated(delegations.find(id).orElseThrow(), warnings);
  }

  /** The current user's delegations that have not ended, in the workspaces they act in (a service token: its own). */
  public List<Delegation> mine() {
    String user = CurrentUser.username();
    List<Long> workspaces = access.workspacesOf(user);
    return delegations.current(user, clock.instant()).stream().filter(d -> workspaces.contains(d.workspaceId()))
        .toList();
  }

  /** Ends the delegation: the open tasks it offered and nobody claimed stop being offered to the delegate. */
  @Transactional
  public Delegation end(long id) {
    Delegation delegation = own(id);
    if (!delegations.end(id, clock.instant())) {
      throw Problems.conflict("This delegation has already ended.");
    }
    audit.record(delegation.username(), TaskAudit.DELEGATION_ENDED, id, delegation.workspaceId(),
        "delegate " + delegation.delegate());
    for (long taskId : tasks.withdraw(id, delegation.delegate())) {
      audit.record(delegation.username(), TaskAudit.DELEGATED, taskId, delegation.workspaceId(),
          "no longer offered to " + delegation.delegate() + ": " + delegation.username() + " is back");
    }
    return delegations.find(id).orElseThrow();
  }

  /** What became of one held task on hand-over. */
  record HandedOver(long taskId, String name, boolean handedOver, String detail) {}

  /**
   * Hands the tasks the user holds in the delegation's workspace and processes to the delegate,
   * each checked on its own (a task the delegate may not take stays, with the reason).
   */
  @Transactional
  public List<HandedOver> handOver(long id) {
    Delegation delegation = own(id);
    if (delegation.endedAt() != null) {
      throw Problems.conflict("This delegation has ended.");
    }
    access.require(delegation.workspaceId(), "Workspace " + delegation.workspaceId());
    List<HandedOver> results = new ArrayList<>();
    for (UserTask task : tasks.heldBy(delegation.workspaceId(), delegation.username())) {
      if (!delegation.covers(task.processId())) {
        continue;
      }
      Optional<String> refused = refusal(task, delegation.username(), delegation.delegate());
      if (refused.isPresent()) {
        results.add(new HandedOver(task.id(), task.name(), false, refused.get()));
        continue;
      }
      if (!tasks.offer(delegation.id(), task, delegation.delegate(), true)) {
        results.add(new HandedOver(task.id(), task.name(), false, "it changed meanwhile; reload and try again"));
        continue;
      }
      audit.record(delegation.username(), TaskAudit.DELEGATED, task.id(), task.workspaceId(),
          task.name() + ": handed to " + delegation.delegate() + " (out of office)");
      tasks.tellAssigned(task, delegation.username(), delegation.delegate());
      results.add(new HandedOver(task.id(), task.name(), true, "handed to " + delegation.delegate()));
    }
    return results;
  }

  /**
   * A new task: for each person it is meant for who is away, the delegate is offered it (and, if it
   * was assigned to the absent person, holds it). Runs in the task's intake transaction.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public UserTask offerToDelegates(UserTask task) {
    Set<String> meantFor = new LinkedHashSet<>(task.candidateUsers());
    if (task.assignee() != null) {
      meantFor.add(task.assignee());
    }
    Instant now = clock.instant();
    UserTask current = task;
    for (String person : meantFor) {
      Optional<Delegation> away = delegations.current(task.workspaceId(), person, now).stream()
          .filter(d -> d.activeAt(now) && d.covers(task.processId())).findFirst();
      if (away.isEmpty()) {
        continue;
      }
      String delegate = away.get().delegate();
      Optional<String> refused = refusal(current, person, delegate);
      if (refused.isPresent()) {
        audit.record(AuditTrail.SYSTEM, TaskAudit.DELEGATED, task.id(), task.workspaceId(),
            task.name() + ": not offered to " + delegate + " while " + person + " is away: " + refused.get());
        continue;
      }
      boolean assign = person.equals(current.assignee());
      if (tasks.offer(away.get().id(), current, delegate, assign)) {
        audit.record(AuditTrail.SYSTEM, TaskAudit.DELEGATED, task.id(), task.workspaceId(),
            task.name() + ": " + (assign ? "assigned" : "offered") + " to " + delegate + " while " + person
                + " is out of office");
      }
      current = tasks.current(task.id());
    }
    return current;
  }

  /**
   * Why the delegate may not take the task of the absent person, if they may not: never their own
   * request; a task offered to a group only to a member of that group; a task naming the absent
   * person only to someone holding every workspace role the absent person holds.
   */
  private Optional<String> refusal(UserTask task, String absent, String delegate) {
    if (task.excluded().contains(delegate)) {
      return Optional.of(delegate + (delegate.equals(task.initiator()) ? " asked for this" : " uploaded this version")
          + " and cannot decide it (four-eyes rule)");
    }
    var roles = access.rolesOf(delegate, task.workspaceId());
    if (roles.isEmpty()) {
      return Optional.of(delegate + " is no longer a member of this workspace");
    }
    boolean inGroup = task.candidateGroups().stream().anyMatch(access.groupsOf(delegate, task.workspaceId())::contains);
    boolean standsIn = task.candidateUsers().contains(absent)
        && roles.containsAll(access.rolesOf(absent, task.workspaceId()));
    if (!inGroup && !standsIn) {
      return Optional.of(delegate + " holds none of the roles this task is for (" + TaskOffers.candidatesText(task)
          + ")");
    }
    return Optional.empty();
  }

  /** The caller's own delegation; a colleague's is refused, and to a non-member it does not exist. */
  private Delegation own(long id) {
    Delegation delegation = delegations.find(id).orElseThrow(() -> Problems.notFound("Delegation " + id));
    access.requireMember(delegation.workspaceId(), "Delegation " + id);
    if (!delegation.username().equals(CurrentUser.username())) {
      throw Problems.forbidden("Only " + delegation.username() + " ends or uses their own out of office.");
    }
    return delegation;
  }

  private static List<String> processes(List<String> requested) {
    if (requested == null) {
      return List.of();
    }
    if (requested.size() > MAX_PROCESSES) {
      throw Problems.invalid("A delegation covers at most " + MAX_PROCESSES + " processes (none: all of them).");
    }
    List<String> processes = new ArrayList<>();
    for (String process : requested) {
      if (process == null || !PROCESS_ID.matcher(process.strip()).matches()) {
        throw Problems.invalid("Each of 'processes' is a process id of letters, digits, '.', '_' and '-' (like"
            + " 'release'); one is not.");
      }
      processes.add(process.strip());
    }
    return List.copyOf(new LinkedHashSet<>(processes));
  }
}
