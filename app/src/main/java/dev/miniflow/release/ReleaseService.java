package dev.miniflow.release;

import dev.miniflow.engine.EngineCommands;
import dev.miniflow.engine.EngineStartedEmpty;
import dev.miniflow.engine.ProcessBinding;
import dev.miniflow.engine.ProcessInstanceCanceled;
import static dev.miniflow.release.ReleaseProcess.*;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.RolloutStage;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What people do with releases: request them (to one or several target apps), withdraw, cancel,
 * roll them out (pilot, grayscale, full) and roll back. Each action checks the caller's role and
 * the release's status in one conditional update, then tells the release process.
 */
@Service
public class ReleaseService {
  private static final Logger log = LoggerFactory.getLogger(ReleaseService.class);
  static final String SUBJECT = "release";
  static final int MAX_TARGET_APPS = 10;
  static final int MAX_TESTERS = 100;
  private static final Pattern TESTER_ID = Pattern.compile("[A-Za-z0-9_.@+\\-]{1,64}");
  private static final List<String> ROLLOUT_FROM_APPROVED = List.of("APPROVED", "PILOT");
  private static final List<String> ROLLOUT_GRAYSCALE = List.of("APPROVED", "PILOT", "GRAYSCALE");
  private static final List<String> WITHDRAWABLE = List.of("CREATED", "UNDER_REVIEW");
  private static final List<String> CANCELABLE = ReleaseStatus.IN_FLIGHT.stream().map(Enum::name).toList();

  private final java.time.Clock clock;
  private final ReleaseRepository releases;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final CamundaClient engine;
  private final EngineCommands commands;
  private final TransactionTemplate tx;
  private final AccessPolicy policy;
  private final ProcessBinding binding;

  ReleaseService(ReleaseRepository releases, MiniProgramService miniPrograms, TargetApps targetApps,
      WorkspaceAccess access, AuditTrail audit, CamundaClient engine, EngineCommands commands, TransactionTemplate tx,
      AccessPolicy policy, ProcessBinding binding, java.time.Clock clock) {
    this.binding = binding;
    this.clock = clock;
    this.policy = policy;
    this.releases = releases;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.access = access;
    this.audit = audit;
    this.engine = engine;
    this.commands = commands;
    this.tx = tx;
  }

  /** The releases one request created, one per target app, and the process instance running them. */
  public record Requested(long processInstanceKey, List<Release> releases) {}

  /**
   * Asks for a version to be released to one or more target apps. The releases and the start of
   * one process instance for all of them commit together: a worker of that instance waits for the
   * commit ({@link dev.miniflow.engine.ProcessBinding}), and an engine that does not take the
   * start leaves nothing behind.
   */
  public Requested request(long versionId, List<Long> targetAppIds, Environment environment) {
    if (environment == null) {
      throw Problems.invalid("An environment is required (PRODUCTION, SANDBOX, TEST or DEVELOPMENT).");
    }
    Set<Long> distinct = new LinkedHashSet<>(targetAppIds == null ? List.of() : targetAppIds);
    distinct.remove(null);
    if (distinct.isEmpty() || distinct.size() > MAX_TARGET_APPS) {
      throw Problems.invalid("Name 1 to " + MAX_TARGET_APPS + " target apps.");
    }
    AppVersion version = miniPrograms.version(versionId);
    MiniProgram program = miniPrograms.get(version.miniProgramId());
    String requester = policy.require(program.workspaceId(), program.id(), Scope.RELEASE);
    List<TargetApp> apps = distinct.stream().map(id -> targetApps.get(program.workspaceId(), id)).toList();
    return start(program, version, apps, environment, requester, null);
  }

  /**
   * Rolls a live full release back to the full release before it. The rollback is itself a
   * release of the earlier version: reviewed, then published in full at once.
   */
  public Requested rollback(long releaseId) {
    Release current = get(releaseId);
    String operator = access.require(current.workspaceId(), "Release " + releaseId, Role.OPERATOR, Role.ADMIN);
    if (current.status() != ReleaseStatus.RELEASED) {
      throw Problems.conflict("Only the live full release can be rolled back; this one is " + current.status() + ".");
    }
    releases.findLatest(current.miniProgramId(), current.targetAppId(), current.environment().name(),
        ReleaseStatus.GRAYSCALE.name()).ifPresent(g -> {
          throw Problems.conflict("Rollback is not allowed during grayscale: release " + g.id() + " is at "
              + g.grayscalePercent() + "%. Finish or cancel it first.");
        });
    Release previous = releases.findLatest(current.miniProgramId(), current.targetAppId(),
            current.environment().name(), ReleaseStatus.ARCHIVED.name())
        .filter(p -> p.id() < current.id())
        .orElseThrow(() -> Problems.conflict("There is no earlier full release to roll back to."));
    MiniProgram program = miniPrograms.miniProgramWithoutAccessCheck(current.miniProgramId());
    AppVersion version = miniPrograms.versionWithoutAccessCheck(previous.versionId());
    return start(program, version, List.of(targetApps.get(current.targetAppId())), current.environment(), operator,
        current.id());
  }

  private Requested start(MiniProgram program, AppVersion version, List<TargetApp> apps, Environment environment,
      String requester, Long rollbackOf) {
    boolean admin = access.rolesOf(requester, program.workspaceId()).contains(Role.ADMIN);
    for (TargetApp app : apps) {
      if (releases.blocked(program.id(), app.id(), environment.name()) && !admin) {
        throw Problems.conflict(program.name() + " was removed from " + app.name() + " (" + environment
            + "); only a workspace admin can restore it, through a new reviewed release.");
      }
    }
    // the rows, their audit entries and the process start commit together: an engine that does not
    // take the start leaves nothing behind
    return tx.execute(status -> {
      List<Release> created = new ArrayList<>();
      for (TargetApp app : apps) {
        // restoring a removed listing is always reviewed, whatever the environment
        boolean restore = releases.blocked(program.id(), app.id(), environment.name());
        created.add(insert(Release.requested(program.workspaceId(), program.id(), version.id(), app.id(), environment,
            requester, restore || reviewRequired(environment, app, rollbackOf), rollbackOf, clock.instant()), program, app));
        audit.record(requester, rollbackOf == null ? "release.requested" : "release.rollback-requested", SUBJECT,
            created.getLast().id(), program.workspaceId(), program.name() + " " + version.version() + " to "
                + app.name() + " (" + environment + ")" + (rollbackOf == null ? "" : ", rolling back release " + rollbackOf));
      }
      List<Long> ids = created.stream().map(Release::id).toList();
      long instanceKey;
      try {
        instanceKey = binding.start(PROCESS_ID, program.workspaceId(), processId -> startProcess(processId, ids,
                program.workspaceId(), requester),
            key -> ids.forEach(id -> releases.attachProcessInstance(id, key)));
      } catch (ClientException e) {
        log.warn("Could not start the release process for {} {} to {}", program.name(), version.version(),
            apps.stream().map(TargetApp::name).toList(), e);
        throw Problems.unavailable("The workflow engine is not reachable right now; nothing was changed. Please try again.");
      }
      return new Requested(instanceKey, ids.stream().map(id -> releases.findById(id).orElseThrow()).toList());
    });
  }

  /** One instance of the release process for the releases, one pass per target app. */
  private long startProcess(String processId, List<Long> releaseIds, long workspaceId, String requester) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(VAR_RELEASE_IDS, releaseIds);
    variables.put(VAR_WORKSPACE_ID, workspaceId);
    variables.put(VAR_REQUESTER, requester);
    return commands.send(engine.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
        .variables(variables)).getProcessInstanceKey();
  }

  /**
   * The embedded engine restarted empty: every release in flight gets its process again. Its steps
   * read the recorded status, so a decided release is not reviewed again, and a rollout an
   * operator asked for but that was not applied yet is asked for again.
   */
  @org.springframework.context.event.EventListener
  @org.springframework.core.annotation.Order(10)
  public void on(dev.miniflow.engine.EngineStartedEmpty restarted) {
    for (Release release : releases.findInFlight()) {
      binding.start(PROCESS_ID, release.workspaceId(), processId -> startProcess(processId, List.of(release.id()),
          release.workspaceId(), release.requestedBy()), key -> {
        releases.attachProcessInstance(release.id(), key);
        audit.record(AuditTrail.SYSTEM, "release.recovered", SUBJECT, release.id(), release.workspaceId(),
            "Process started again at status " + release.status() + " after an engine restart");
      });
      if (release.pendingStage() != null) {
        tellProcess(MESSAGE_ROLLOUT, release.id());
      }
    }
  }

  /** An admin canceled the release process in the monitor: its releases in flight end canceled. */
  @org.springframework.context.event.EventListener
  @Transactional
  public void on(dev.miniflow.engine.ProcessInstanceCanceled canceled) {
    for (Release release : releases.findByProcessInstance(canceled.processInstanceKey())) {
      if (releases.stop(release.id(), CANCELABLE, ReleaseStatus.CANCELED.name(), "Process canceled by "
          + canceled.canceledBy()) == 1) {
        audit.record(canceled.canceledBy(), "release.canceled", SUBJECT, release.id(), release.workspaceId(),
            "Its process instance was canceled in the monitor");
      }
    }
  }

  private Release insert(Release release, MiniProgram program, TargetApp app) {
    try {
      return releases.save(release);
    } catch (DbActionExecutionException | DuplicateKeyException e) {
      if (!(e instanceof DuplicateKeyException) && !(e.getCause() instanceof DuplicateKeyException)) {
        throw e;
      }
      throw Problems.conflict("A release of " + program.name() + " to " + app.name() + " ("
          + release.environment() + ") is already in flight; finish, withdraw or cancel it first.");
    }
  }

  /** Production is always reviewed, Sandbox as the target app says, Test and Development never. */
  static boolean reviewRequired(Environment environment, TargetApp app, Long rollbackOf) {
    if (rollbackOf != null) {
      return true;
    }
    return switch (environment) {
      case PRODUCTION -> true;
      case SANDBOX -> app.sandboxReviewRequired();
      case TEST, DEVELOPMENT -> false;
    };
  }

  /** Test and Development builds, and rollbacks, go live in full as soon as they are approved. */
  static boolean autoRelease(Release release) {
    return release.rollbackOf() != null
        || release.environment() == Environment.TEST || release.environment() == Environment.DEVELOPMENT;
  }

  /** The requester takes back a release that is not decided yet. */
  @Transactional
  public Release withdraw(long releaseId, String reason) {
    Release release = get(releaseId);
    String user = access.require(release.workspaceId(), "Release " + releaseId);
    if (!user.equals(release.requestedBy())) {
      throw Problems.forbidden("Only " + release.requestedBy() + ", who asked for this release, can withdraw it.");
    }
    reason = dev.miniflow.support.Text.prose(reason, "reason", 2000);
    if (releases.stop(releaseId, WITHDRAWABLE, ReleaseStatus.WITHDRAWN.name(), reason) == 0) {
      throw Problems.conflict("A release can only be withdrawn before it is decided; this one is "
          + load(releaseId).status() + ".");
    }
    audit.record(user, "release.withdrawn", SUBJECT, releaseId, release.workspaceId(), reason);
    tellProcess(MESSAGE_STOPPED, releaseId);
    return load(releaseId);
  }

  /** Stops a release in flight, in any status before it is fully released. */
  @Transactional
  public Release cancel(long releaseId, String reason) {
    Release release = get(releaseId);
    String user = access.require(release.workspaceId(), "Release " + releaseId, Role.OPERATOR, Role.ADMIN);
    if (dev.miniflow.support.Text.prose(reason, "reason", 2000).isEmpty()) {
      throw Problems.invalid("A reason is required to cancel a release.");
    }
    if (releases.stop(releaseId, CANCELABLE, ReleaseStatus.CANCELED.name(), reason.strip()) == 0) {
      throw Problems.conflict("Only a release in flight can be canceled; this one is " + load(releaseId).status() + ".");
    }
    audit.record(user, "release.canceled", SUBJECT, releaseId, release.workspaceId(), reason.strip());
    tellProcess(MESSAGE_STOPPED, releaseId);
    return load(releaseId);
  }

  /** Publishes an approved release to a whitelist of testers (and changes the whitelist later). */
  @Transactional
  public Release pilot(long releaseId, List<String> testers) {
    Release release = get(releaseId);
    String user = access.require(release.workspaceId(), "Release " + releaseId, Role.OPERATOR, Role.ADMIN);
    List<String> whitelist = testers(testers);
    if (releases.requestRollout(releaseId, RolloutStage.PILOT.name(), null, whitelist.toArray(String[]::new),
        ROLLOUT_FROM_APPROVED) == 0) {
      throw Problems.conflict("A pilot is possible once the release is approved and before grayscale; this one is "
          + load(releaseId).status() + ".");
    }
    audit.record(user, "release.pilot-requested", SUBJECT, releaseId, release.workspaceId(),
        whitelist.size() + " testers");
    tellProcess(MESSAGE_ROLLOUT, releaseId);
    return load(releaseId);
  }

  /** Shows the release to a share of users; the share only ever goes up. */
  @Transactional
  public Release grayscale(long releaseId, int percent) {
    Release release = get(releaseId);
    String user = access.require(release.workspaceId(), "Release " + releaseId, Role.OPERATOR, Role.ADMIN);
    if (percent < 1 || percent > 99) {
      throw Problems.invalid("The grayscale percentage must be between 1 and 99; use the full release for 100%.");
    }
    int current = Math.max(release.grayscalePercent() == null ? 0 : release.grayscalePercent(),
        RolloutStage.GRAYSCALE.name().equals(release.pendingStage()) && release.pendingPercent() != null
            ? release.pendingPercent() : 0);
    if (percent <= current) {
      throw Problems.conflict("The grayscale percentage only goes up: it is already " + current + "%.");
    }
    if (releases.requestRollout(releaseId, RolloutStage.GRAYSCALE.name(), percent, null, ROLLOUT_GRAYSCALE) == 0) {
      throw Problems.conflict("Grayscale is possible once the release is approved; this one is "
          + load(releaseId).status() + ".");
    }
    audit.record(user, "release.grayscale-requested", SUBJECT, releaseId, release.workspaceId(), percent + "%");
    tellProcess(MESSAGE_ROLLOUT, releaseId);
    return load(releaseId);
  }

  /** Releases to everyone; archives the full release that was live before. */
  @Transactional
  public Release releaseFully(long releaseId) {
    Release release = get(releaseId);
    String user = access.require(release.workspaceId(), "Release " + releaseId, Role.OPERATOR, Role.ADMIN);
    if (releases.requestRollout(releaseId, RolloutStage.FULL.name(), null, null, ROLLOUT_GRAYSCALE) == 0) {
      throw Problems.conflict("A full release is possible once the release is approved; this one is "
          + load(releaseId).status() + ".");
    }
    audit.record(user, "release.full-requested", SUBJECT, releaseId, release.workspaceId(), null);
    tellProcess(MESSAGE_ROLLOUT, releaseId);
    return load(releaseId);
  }

  /** Inside the caller's transaction: if the engine does not take the message, nothing is recorded. */
  private void tellProcess(String message, long releaseId) {
    commands.publish(engine, message, releaseId);
  }

  /** The tester ids of every pilot of a version, for its preview codes. */
  public List<String> pilotTesters(long versionId) {
    return releases.testersOfVersion(versionId);
  }

  /** Checks tester ids (1 to 100 of them) as pilots and preview codes take them. */
  public static List<String> testers(List<String> testers) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(testers == null ? List.of() : testers));
    if (distinct.isEmpty() || distinct.size() > MAX_TESTERS) {
      throw Problems.invalid("A pilot needs 1 to " + MAX_TESTERS + " tester ids.");
    }
    for (String tester : distinct) {
      if (tester == null || !TESTER_ID.matcher(tester).matches()) {
        throw Problems.invalid("Tester ids are 1 to 64 letters, digits or . _ @ + - ('" + tester + "' is not).");
      }
    }
    return distinct;
  }

  /** The full release live in a target app and environment, for features that act on it (no access check). */
  public java.util.Optional<Release> live(long miniProgramId, long targetAppId, Environment environment) {
    return releases.findLatest(miniProgramId, targetAppId, environment.name(), ReleaseStatus.RELEASED.name());
  }

  public boolean inFlight(long miniProgramId, long targetAppId, Environment environment) {
    return ReleaseStatus.IN_FLIGHT.stream().anyMatch(status ->
        releases.findLatest(miniProgramId, targetAppId, environment.name(), status.name()).isPresent());
  }

  public List<Release> liveReleases(long miniProgramId) {
    return releases.findByMiniProgramIdOrderByIdDesc(miniProgramId).stream()
        .filter(r -> r.status() == ReleaseStatus.RELEASED).toList();
  }

  /**
   * Takes a live release offline at its partner (idempotent on its key) and keeps the listing
   * blocked until an admin restores it. Called by the removal processes' workers.
   */
  public void takeOffline(long releaseId, long removalId, String reason) {
    Release release = load(releaseId);
    TargetApp app = targetApps.get(release.targetAppId());
    if (release.status() == ReleaseStatus.RELEASED) {
      targetApps.publish(new dev.miniflow.partner.PublicationRequest(app,
          "release-" + releaseId + "-" + app.code() + "-OFFLINE", release.bundle(), release.bundleSha256(),
          release.bundleSignature(), RolloutStage.OFFLINE, null, null));
    }
    tx.executeWithoutResult(status -> {
      releases.block(release.miniProgramId(), release.targetAppId(), release.environment().name(), removalId);
      if (releases.markRemoved(releaseId) == 1) {
        audit.record(AuditTrail.SYSTEM, "release.removed", SUBJECT, releaseId, release.workspaceId(),
            "Taken offline in " + app.name() + ": " + reason);
      }
    });
  }

  /** The release, if the current user is a member of its workspace. */
  public Release get(long releaseId) {
    Release release = releases.findById(releaseId).orElseThrow(() -> Problems.notFound("Release " + releaseId));
    access.requireMember(release.workspaceId(), "Release " + releaseId);
    return release;
  }

  public List<Release> ofWorkspace(long workspaceId) {
    access.requireMember(workspaceId, "Workspace " + workspaceId);
    return releases.findTop100ByWorkspaceIdOrderByIdDesc(workspaceId);
  }

  public List<Release> ofMiniProgram(long miniProgramId) {
    miniPrograms.get(miniProgramId);
    return releases.findByMiniProgramIdOrderByIdDesc(miniProgramId);
  }

  Release load(long releaseId) {
    return releases.findById(releaseId).orElseThrow(() -> new IllegalStateException("No release " + releaseId));
  }
}
