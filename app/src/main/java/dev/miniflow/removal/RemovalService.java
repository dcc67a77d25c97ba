package dev.miniflow.removal;

import dev.miniflow.engine.EngineCommands;
import dev.miniflow.engine.EngineStartedEmpty;
import dev.miniflow.engine.ProcessBinding;
import dev.miniflow.engine.ProcessInstanceCanceled;
import dev.miniflow.engine.StepRefused;
import dev.miniflow.tasklist.TaskService.Decision;
import static dev.miniflow.removal.RemovalProcess.*;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.notification.Inbox;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.release.Environment;
import dev.miniflow.release.Release;
import dev.miniflow.release.ReleaseService;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.tasklist.TaskService;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removals: owners ask to take a live release offline (reviewed), inspectors force it for a broken
 * rule (warning, rectification deadline, removal). Each step is idempotent.
 */
@Service
public class RemovalService {
  static final String SUBJECT = "removal";
  private static final List<String> OPEN = List.of("UNDER_REVIEW", "WARNED", "RECTIFICATION_SUBMITTED");

  private final RemovalRepository removals;
  private final MiniProgramService miniPrograms;
  private final ReleaseService releases;
  private final TargetApps targetApps;
  private final AccessPolicy policy;
  private final WorkspaceAccess workspaces;
  private final TaskService tasks;
  private final AuditTrail audit;
  private final Inbox inbox;
  private final CamundaClient engine;
  private final EngineCommands commands;
  private final TransactionTemplate tx;
  private final Duration rectifyWithin;
  private final ProcessBinding binding;

  RemovalService(RemovalRepository removals, MiniProgramService miniPrograms, ReleaseService releases,
      TargetApps targetApps, AccessPolicy policy, WorkspaceAccess workspaces, TaskService tasks, AuditTrail audit,
      Inbox inbox, CamundaClient engine, EngineCommands commands, TransactionTemplate tx,
      @Value("${miniflow.removal.rectify-within:P7D}") Duration rectifyWithin, ProcessBinding binding) {
    this.binding = binding;
    this.removals = removals;
    this.miniPrograms = miniPrograms;
    this.releases = releases;
    this.targetApps = targetApps;
    this.policy = policy;
    this.workspaces = workspaces;
    this.tasks = tasks;
    this.audit = audit;
    this.inbox = inbox;
    this.engine = engine;
    this.commands = commands;
    this.tx = tx;
    this.rectifyWithin = rectifyWithin;
  }

  /** The owners ask to take the mini program offline in one target app and environment. */
  public Removal request(long miniProgramId, long targetAppId, Environment environment, String reason) {
    MiniProgram program = miniPrograms.get(miniProgramId);
    String user = policy.require(program.workspaceId(), miniProgramId, Scope.RELEASE);
    TargetApp app = targetApps.get(program.workspaceId(), targetAppId);
    if (environment == null) {
      throw Problems.invalid("An environment is required.");
    }
    if (dev.miniflow.support.Text.prose(reason, "reason", 2000).isEmpty()) {
      throw Problems.invalid("A reason is required to remove a mini program.");
    }
    Release live = releases.live(miniProgramId, targetAppId, environment).orElseThrow(() -> Problems.conflict(
        program.name() + " has no live full release in " + app.name() + " (" + environment + ") to remove."));
    if (releases.inFlight(miniProgramId, targetAppId, environment)) {
      throw Problems.conflict("A release of " + program.name() + " to " + app.name() + " (" + environment
          + ") is in flight; finish or cancel it before removing.");
    }
    if (removals.openFor(miniProgramId, live.id())) {
      throw Problems.conflict("A removal of this release is already open.");
    }
    return tx.execute(s -> {
      Removal saved = removals.save(new Removal(null, program.workspaceId(), miniProgramId, Removal.Kind.REQUESTED,
          Removal.Status.UNDER_REVIEW, List.of(live.id()), reason.strip(), user, Instant.now(), null, null, null, null,
          null, null, null, null));
      audit.record(user, "removal.requested", SUBJECT, saved.id(), program.workspaceId(),
          program.name() + " from " + app.name() + " (" + environment + "): " + reason.strip());
      return start(REMOVAL_ID, saved, variables(saved, user,
          "Remove " + program.name() + " from " + app.name() + " (" + environment + ")"));
    });
  }

  /** An inspector's finding: warn the owners and give them a deadline, or remove at once if severe. */
  public Removal force(long miniProgramId, String rule, String evidence, Removal.Severity severity,
      List<Long> targetAppIds) {
    MiniProgram program = miniPrograms.get(miniProgramId);
    String inspector = workspaces.require(program.workspaceId(), "Mini program " + miniProgramId, Role.INSPECTOR);
    if (rule == null || rule.isBlank() || evidence == null || evidence.isBlank() || severity == null) {
      throw Problems.invalid("A finding needs the rule broken, the evidence and a severity (MINOR, MAJOR, SEVERE).");
    }
    Set<Long> apps = new LinkedHashSet<>(targetAppIds == null ? List.of() : targetAppIds);
    apps.forEach(id -> targetApps.get(program.workspaceId(), id));
    List<Long> affected = releases.liveReleases(miniProgramId).stream()
        .filter(r -> apps.isEmpty() || apps.contains(r.targetAppId())).map(Release::id).toList();
    if (affected.isEmpty()) {
      throw Problems.conflict(program.name() + " is not live in any of those target apps: nothing to remove.");
    }
    return tx.execute(s -> {
      Removal saved = removals.save(new Removal(null, program.workspaceId(), miniProgramId, Removal.Kind.FORCED,
          Removal.Status.WARNED, new ArrayList<>(affected), "Rule broken: " + rule.strip(), inspector, Instant.now(),
          null, null, rule.strip(), evidence.strip(), severity, null, null, null));
      audit.record(inspector, "removal.finding", SUBJECT, saved.id(), program.workspaceId(),
          severity + " " + rule.strip() + ": " + evidence.strip() + " (releases " + affected + ")");
      Map<String, Object> variables = variables(saved, inspector, "Finding on " + program.name() + ": " + rule.strip());
      variables.put(VAR_SEVERE, severity == Removal.Severity.SEVERE);
      variables.put(VAR_RECTIFY_WITHIN, rectifyWithin.toString());
      return start(FORCE_REMOVAL_ID, saved, variables);
    });
  }

  /** The requester takes back a removal that is not decided yet. */
  @Transactional
  public Removal withdraw(long removalId) {
    Removal removal = get(removalId);
    String user = workspaces.requireMember(removal.workspaceId(), "Removal " + removalId);
    if (!user.equals(removal.requestedBy()) || removal.kind() != Removal.Kind.REQUESTED) {
      throw Problems.forbidden("Only " + removal.requestedBy() + ", who asked for this removal, can withdraw it.");
    }
    if (removals.transition(removalId, List.of("UNDER_REVIEW"), "WITHDRAWN", null, null) == 0) {
      throw Problems.conflict("Only a removal under review can be withdrawn; this one is " + load(removalId).status() + ".");
    }
    audit.record(user, "removal.withdrawn", SUBJECT, removalId, removal.workspaceId(), null);
    tell(MESSAGE_WITHDRAWN, removalId, Map.of());
    return load(removalId);
  }

  /** The owners answer a finding before its deadline; an inspector then reviews what they did. */
  @Transactional
  public Removal rectify(long removalId, String note) {
    Removal removal = get(removalId);
    String owner = policy.require(removal.workspaceId(), removal.miniProgramId(), Scope.MEMBERS);
    if (note == null || note.isBlank()) {
      throw Problems.invalid("Say what was rectified.");
    }
    if (removals.submitRectification(removalId, note.strip(), owner) == 0) {
      throw Problems.conflict("A rectification can be submitted while the finding waits for one; it is "
          + load(removalId).status() + ".");
    }
    audit.record(owner, "removal.rectification-submitted", SUBJECT, removalId, removal.workspaceId(), note.strip());
    // the rectification is now what is asked for: its author (rectified_by) may not review it (four-eyes)
    tell(MESSAGE_RECTIFIED, removalId, Map.of());
    return load(removalId);
  }

  public Removal get(long removalId) {
    Removal removal = removals.findById(removalId).orElseThrow(() -> Problems.notFound("Removal " + removalId));
    workspaces.requireMember(removal.workspaceId(), "Removal " + removalId);
    return removal;
  }

  public List<Removal> ofMiniProgram(long miniProgramId) {
    miniPrograms.get(miniProgramId);
    return removals.findByMiniProgramIdOrderByIdDesc(miniProgramId);
  }

  // --- process steps

  /** Records the decision taken in this instance's review task: decision, comment and reviewer come from the task. */
  @Transactional
  public void recordDecision(long instanceKey, long removalId) {
    Removal removal = bound(instanceKey, removalId);
    if (removal.kind() != Removal.Kind.REQUESTED) {
      throw refuse(removal, "a finding is not decided by a removal review");
    }
    if (removal.status() != Removal.Status.UNDER_REVIEW || removal.decidedBy() != null) {
      return; // decided already (a job delivered twice), or withdrawn
    }
    Decision decision = decision(instanceKey, removal, "approve", "reject");
    boolean approved = "approve".equals(decision.decision());
    if (removals.transition(removalId, List.of("UNDER_REVIEW"), approved ? "UNDER_REVIEW" : "REJECTED",
        decision.decidedBy(), decision.comment()) == 1) {
      audit.record(decision.decidedBy(), approved ? "removal.approved" : "removal.rejected", SUBJECT, removalId,
          removal.workspaceId(), decision.comment());
    }
  }

  /**
   * Takes every affected release offline through its connector; then the removal is done. Only
   * an approved request or an open finding is taken offline.
   */
  public void takeOffline(long instanceKey, long removalId) {
    Removal removal = tx.execute(s -> bound(instanceKey, removalId));
    if (removal.status() == Removal.Status.REMOVED) {
      return; // done already
    }
    boolean approved = removal.kind() == Removal.Kind.REQUESTED && removal.status() == Removal.Status.UNDER_REVIEW
        && removal.decidedBy() != null;
    boolean finding = removal.kind() == Removal.Kind.FORCED && OPEN.contains(removal.status().name());
    if (!approved && !finding) {
      throw refuse(removal, "removal " + removalId + " is " + removal.status()
          + (removal.kind() == Removal.Kind.REQUESTED ? " and was not approved" : "") + "; nothing is taken offline");
    }
    for (long releaseId : removal.releaseIds()) {
      releases.takeOffline(releaseId, removalId, removal.reason());
    }
    tx.executeWithoutResult(s -> {
      if (removals.transition(removalId, OPEN, "REMOVED", null, null) == 1) {
        audit.record(AuditTrail.SYSTEM, "removal.removed", SUBJECT, removalId, removal.workspaceId(),
            "Releases " + removal.releaseIds() + " taken offline");
      }
    });
  }

  @Transactional
  public void warnOwners(long instanceKey, long removalId) {
    Removal removal = bound(instanceKey, removalId);
    if (removal.kind() != Removal.Kind.FORCED || removal.status() != Removal.Status.WARNED) {
      throw refuse(removal, "only an open finding warns the owners; removal " + removalId + " is " + removal.status());
    }
    for (String owner : owners(removal)) {
      inbox.send(removal.workspaceId(), owner, "removal-" + removalId + "-warning-" + owner, "Warning: " + programName(removal)
              + " breaks a rule", removal.severity() + " finding \"" + removal.rule() + "\": " + removal.evidence()
              + ". Rectify it within " + rectifyWithin.toDays() + " days or it is removed.",
          "/removals/" + removalId);
    }
    audit.record(AuditTrail.SYSTEM, "removal.warned", SUBJECT, removalId, removal.workspaceId(), "owners " + owners(removal));
  }

  /** Records the inspector's review of a rectification, from the completed review task. */
  @Transactional
  public void recordRectificationReview(long instanceKey, long removalId) {
    Removal removal = bound(instanceKey, removalId);
    if (removal.status() != Removal.Status.RECTIFICATION_SUBMITTED) {
      if (removal.kind() == Removal.Kind.FORCED && removal.rectification() != null) {
        return; // reviewed already: a job delivered twice
      }
      throw refuse(removal, "removal " + removalId + " has no rectification waiting for review");
    }
    Decision decision = decision(instanceKey, removal, "accept", "reject");
    boolean accepted = "accept".equals(decision.decision());
    if (removals.transition(removalId, List.of("RECTIFICATION_SUBMITTED"), accepted ? "RESOLVED" : "WARNED",
        decision.decidedBy(), decision.comment()) == 1) {
      audit.record(decision.decidedBy(), accepted ? "removal.rectification-accepted" : "removal.rectification-rejected",
          SUBJECT, removalId, removal.workspaceId(), decision.comment());
    }
  }

  @Transactional
  public void closeWithdrawn(long instanceKey, long removalId) {
    Removal removal = bound(instanceKey, removalId);
    if (removal.status() != Removal.Status.WITHDRAWN) {
      throw refuse(removal, "removal " + removalId + " was not withdrawn; it is " + removal.status());
    }
    tasks.cancelOpenTasks(REMOVAL_ID, String.valueOf(removalId));
    notifyConcerned(instanceKey, removalId);
  }

  /** Tells the requester and the mini program's owners how the removal ended. */
  @Transactional
  public void notifyConcerned(long instanceKey, long removalId) {
    Removal removal = bound(instanceKey, removalId);
    Set<String> recipients = new LinkedHashSet<>(owners(removal));
    recipients.add(removal.requestedBy());
    String name = programName(removal);
    String subject = switch (removal.status()) {
      case REMOVED -> "Removed: " + name;
      case REJECTED -> "Removal refused: " + name;
      case WITHDRAWN -> "Removal withdrawn: " + name;
      case RESOLVED -> "Finding resolved: " + name;
      default -> null;
    };
    if (subject == null) {
      return;
    }
    String body = subject + ". " + removal.reason()
        + (removal.decisionComment() == null ? "" : " Comment: " + removal.decisionComment());
    for (String recipient : recipients) {
      if (inbox.send(removal.workspaceId(), recipient, "removal-" + removalId + "-" + removal.status() + "-" + recipient, subject, body,
          "/removals/" + removalId)) {
        audit.record(AuditTrail.SYSTEM, "removal.notified", SUBJECT, removalId, removal.workspaceId(),
            recipient + ": " + subject);
      }
    }
  }

  /** The removal, if this process instance runs it; any other id is refused. */
  private Removal bound(long instanceKey, long removalId) {
    return binding.require(SUBJECT, removalId, () -> removals.findBound(removalId, instanceKey),
        () -> removals.findById(removalId).map(Removal::workspaceId));
  }

  /** The removal a review task of this instance is about, if it waits for a human review. */
  java.util.Optional<Removal> waitingForReview(long instanceKey) {
    return binding.find(() -> removals.findBoundTo(instanceKey).stream().reduce((a, b) -> b))
        .filter(r -> (r.kind() == Removal.Kind.REQUESTED && r.status() == Removal.Status.UNDER_REVIEW
            && r.decidedBy() == null) || r.status() == Removal.Status.RECTIFICATION_SUBMITTED);
  }

  private Decision decision(long instanceKey, Removal removal, String yes, String no) {
    return tasks.takeDecision(removal.kind() == Removal.Kind.REQUESTED ? REMOVAL_ID : FORCE_REMOVAL_ID, instanceKey,
        String.valueOf(removal.id()), Set.of(yes, no), why -> refuse(removal, why));
  }

  private static StepRefused refuse(Removal removal, String why) {
    return new StepRefused(why, removal.workspaceId(), SUBJECT, removal.id());
  }

  Removal load(long removalId) {
    return removals.findCommitted(removalId).orElseThrow(() -> new IllegalStateException("No removal " + removalId));
  }

  private List<String> owners(Removal removal) {
    Set<String> owners = new LinkedHashSet<>(policy.miniProgramAdmins(removal.miniProgramId()));
    owners.addAll(workspaces.membersWithRole(removal.workspaceId(), Role.ADMIN));
    return new ArrayList<>(owners);
  }

  private String programName(Removal removal) {
    return miniPrograms.miniProgramWithoutAccessCheck(removal.miniProgramId()).name();
  }

  private Map<String, Object> variables(Removal removal, String requester, String subject) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(VAR_REMOVAL_ID, removal.id());
    variables.put("workspaceId", removal.workspaceId());
    variables.put("requester", requester);
    variables.put("businessKey", String.valueOf(removal.id()));
    variables.put("subject", subject);
    return variables;
  }

  /**
   * The embedded engine restarted empty: removals in flight get their process again at the step
   * their status shows. A finding keeps its original deadline; a rectification under review keeps
   * its author as the requester (four-eyes).
   */
  @org.springframework.context.event.EventListener
  @org.springframework.core.annotation.Order(10)
  public void on(dev.miniflow.engine.EngineStartedEmpty restarted) {
    for (Removal removal : removals.findInFlight()) {
      String name = programName(removal);
      String from;
      Map<String, Object> variables;
      if (removal.kind() == Removal.Kind.REQUESTED) {
        variables = variables(removal, removal.requestedBy(), "Remove " + name);
        from = removal.decidedBy() == null ? null : RemovalProcess.ELEMENT_TAKE_OFFLINE;
        recovered(removal, REMOVAL_ID, from, variables);
        continue;
      }
      variables = variables(removal, removal.requestedBy(), "Finding on " + name + ": " + removal.rule());
      variables.put(VAR_SEVERE, false);
      variables.put(VAR_RECTIFY_WITHIN, rectifyWithin.toString());
      variables.put(RemovalProcess.VAR_DEADLINE, removal.requestedAt().plus(rectifyWithin).toString());
      from = removal.status() == Removal.Status.RECTIFICATION_SUBMITTED ? RemovalProcess.ELEMENT_REVIEW_RECTIFICATION
          : RemovalProcess.ELEMENT_WAIT_JOIN;
      recovered(removal, FORCE_REMOVAL_ID, from, variables);
    }
  }

  /** An admin canceled the removal process in the monitor: the removal or finding ends withdrawn. */
  @org.springframework.context.event.EventListener
  @Transactional
  public void on(dev.miniflow.engine.ProcessInstanceCanceled canceled) {
    for (Removal removal : removals.findByProcessInstance(canceled.processInstanceKey())) {
      if (removals.transition(removal.id(), OPEN, "WITHDRAWN", canceled.canceledBy(),
          "Process canceled in the monitor") == 1) {
        audit.record(canceled.canceledBy(), "removal.withdrawn", SUBJECT, removal.id(), removal.workspaceId(),
            "Its process instance was canceled in the monitor");
      }
    }
  }

  /** Starts the removal's process again, at {@code from} (an element id) or at its start. */
  private void recovered(Removal removal, String platformProcessId, String from, Map<String, Object> variables) {
    binding.start(platformProcessId, removal.workspaceId(), processId -> {
      var created = engine.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion();
      return commands.send(from == null ? created.variables(variables)
          : created.startBeforeElement(from).variables(variables)).getProcessInstanceKey();
    }, key -> {
      removals.attachProcessInstance(removal.id(), key);
      audit.record(AuditTrail.SYSTEM, "removal.recovered", SUBJECT, removal.id(), removal.workspaceId(),
          "Process started again at " + (from == null ? "the review" : from) + " after an engine restart");
    });
  }

  /**
   * Starts the process of a removal just recorded, in the transaction that recorded it: an engine
   * that does not take the start leaves nothing behind.
   */
  private Removal start(String processId, Removal removal, Map<String, Object> variables) {
    try {
      binding.start(processId, removal.workspaceId(), id -> commands.send(engine.newCreateInstanceCommand()
          .bpmnProcessId(id).latestVersion().variables(variables)).getProcessInstanceKey(),
          key -> removals.attachProcessInstance(removal.id(), key));
    } catch (ClientException e) {
      throw Problems.unavailable("The workflow engine is not reachable right now; nothing was changed. Please try again.");
    }
    return load(removal.id());
  }

  private void tell(String message, long removalId, Map<String, Object> variables) {
    try {
      commands.send(engine.newPublishMessageCommand().messageName(message).correlationKey(String.valueOf(removalId))
          .messageId(UUID.randomUUID().toString()).timeToLive(Duration.ofDays(1)).variables(variables));
    } catch (RuntimeException e) {
      throw Problems.unavailable("The workflow engine is not reachable right now; nothing was changed. Please try again.");
    }
  }
}
