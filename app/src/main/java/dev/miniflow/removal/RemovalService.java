package dev.miniflow.removal;

import static dev.miniflow.removal.RemovalProcess.*;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.release.Environment;
import dev.miniflow.release.Release;
import dev.miniflow.release.LiveReleases;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removals: owners ask to take a live release offline (reviewed), inspectors force it for a broken
 * rule (warning, rectification deadline, removal). The commands people call; the process steps
 * are {@link RemovalSteps}, the recovery {@link RemovalRecovery}, the engine {@link RemovalProcess}.
 */
@Service
public class RemovalService {
  static final String SUBJECT = "removal";
  static final List<String> OPEN = List.of("UNDER_REVIEW", "WARNED", "RECTIFICATION_SUBMITTED");

  private final java.time.Clock clock;
  private final RemovalRepository removals;
  private final RemovalProcess process;
  private final MiniProgramService miniPrograms;
  private final LiveReleases releases;
  private final TargetApps targetApps;
  private final AccessPolicy policy;
  private final WorkspaceAccess workspaces;
  private final AuditTrail audit;
  private final TransactionTemplate tx;
  private final Duration rectifyWithin;

  RemovalService(RemovalRepository removals, RemovalProcess process, MiniProgramService miniPrograms,
      LiveReleases releases, TargetApps targetApps, AccessPolicy policy, WorkspaceAccess workspaces,
      AuditTrail audit, TransactionTemplate tx,
      RemovalSettings settings, java.time.Clock clock) {
    this.clock = clock;
    this.removals = removals;
    this.process = process;
    this.miniPrograms = miniPrograms;
    this.releases = releases;
    this.targetApps = targetApps;
    this.policy = policy;
    this.workspaces = workspaces;
    this.audit = audit;
    this.tx = tx;
    this.rectifyWithin = settings.rectifyWithin();
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
          Removal.Status.UNDER_REVIEW, List.of(live.id()), reason.strip(), user, clock.instant(), null, null, null, null,
          null, null, null, null));
      audit.record(user, "removal.requested", SUBJECT, saved.id(), program.workspaceId(),
          program.name() + " from " + app.name() + " (" + environment + "): " + reason.strip());
      process.start(REMOVAL_ID, saved, RemovalProcess.variables(saved, user,
          "Remove " + program.name() + " from " + app.name() + " (" + environment + ")"));
      return load(saved.id());
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
    List<Long> affected = releases.of(miniProgramId).stream()
        .filter(r -> apps.isEmpty() || apps.contains(r.targetAppId())).map(Release::id).toList();
    if (affected.isEmpty()) {
      throw Problems.conflict(program.name() + " is not live in any of those target apps: nothing to remove.");
    }
    return tx.execute(s -> {
      Removal saved = removals.save(new Removal(null, program.workspaceId(), miniProgramId, Removal.Kind.FORCED,
          Removal.Status.WARNED, new ArrayList<>(affected), "Rule broken: " + rule.strip(), inspector, clock.instant(),
          null, null, rule.strip(), evidence.strip(), severity, null, null, null));
      audit.record(inspector, "removal.finding", SUBJECT, saved.id(), program.workspaceId(),
          severity + " " + rule.strip() + ": " + evidence.strip() + " (releases " + affected + ")");
      Map<String, Object> variables = RemovalProcess.variables(saved, inspector,
          "Finding on " + program.name() + ": " + rule.strip());
      variables.put(VAR_SEVERE, severity == Removal.Severity.SEVERE);
      variables.put(VAR_RECTIFY_WITHIN, rectifyWithin.toString());
      process.start(FORCE_REMOVAL_ID, saved, variables);
      return load(saved.id());
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
    process.tell(MESSAGE_WITHDRAWN, removalId);
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
    process.tell(MESSAGE_RECTIFIED, removalId);
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

  Removal load(long removalId) {
    return removals.findCommitted(removalId).orElseThrow(() -> new IllegalStateException("No removal " + removalId));
  }

}
