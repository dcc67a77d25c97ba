package dev.miniflow.release;

import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import io.camunda.client.api.command.ClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records the releases of one request and starts the one process instance that runs them. The
 * rows, their audit entries and the start commit together: a worker of that instance waits for
 * the commit ({@link dev.miniflow.engine.ProcessBinding}), and an engine that does not take the
 * start leaves nothing behind.
 */
@Component
class NewReleases {
  private static final Logger log = LoggerFactory.getLogger(NewReleases.class);

  private final ReleaseRepository releases;
  private final ReleaseProcess process;
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final Clock clock;

  NewReleases(ReleaseRepository releases, ReleaseProcess process, WorkspaceAccess access, AuditTrail audit,
      Clock clock) {
    this.releases = releases;
    this.process = process;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional
  ReleaseService.Requested start(MiniProgram program, AppVersion version, List<TargetApp> apps,
      Environment environment, String requester, Long rollbackOf) {
    boolean admin = access.rolesOf(requester, program.workspaceId()).contains(Role.ADMIN);
    for (TargetApp app : apps) {
      if (!app.enabled()) {
        throw Problems.conflict(app.name() + " is disabled and takes no new releases; ask a workspace admin.");
      }
      if (releases.blocked(program.id(), app.id(), environment.name()) && !admin) {
        throw Problems.conflict(program.name() + " was removed from " + app.name() + " (" + environment
            + "); only a workspace admin can restore it, through a new reviewed release.");
      }
    }
    List<Release> created = new ArrayList<>();
    for (TargetApp app : apps) {
      // restoring a removed listing is always reviewed, whatever the environment
      boolean restore = releases.blocked(program.id(), app.id(), environment.name());
      created.add(insert(Release.requested(program.workspaceId(), program.id(), version.id(), app.id(), environment,
          requester, restore || Release.reviewRequired(environment, app, rollbackOf), rollbackOf, clock.instant()),
          program, app));
      audit.record(requester, rollbackOf == null ? ReleaseAudit.REQUESTED : ReleaseAudit.ROLLBACK_REQUESTED,
          created.getLast().id(), program.workspaceId(), program.name() + " " + version.version() + " to "
              + app.name() + " (" + environment + ")"
              + (rollbackOf == null ? "" : ", rolling back release " + rollbackOf));
    }
    List<Long> ids = created.stream().map(Release::id).toList();
    long instanceKey;
    try {
      instanceKey = process.start(program.workspaceId(), ids, requester, key -> {});
    } catch (ClientException e) {
      log.warn("Could not start the release process for {} {} to {}", program.name(), version.version(),
          apps.stream().map(TargetApp::name).toList(), e);
      throw Problems
          .unavailable("The workflow engine is not reachable right now; nothing was changed. Please try again.");
    }
    return new ReleaseService.Requested(instanceKey,
        ids.stream().map(id -> releases.findById(id).orElseThrow()).toList());
  }

  private Release insert(Release release, MiniProgram program, TargetApp app) {
    try {
      Release saved = releases.save(release);
      if (app.listingRulesId() != null) {
        // a change of the rules after this request does not apply to it
        releases.recordListingRules(saved.id(), app.listingRulesId());
      }
      return saved;
    } catch (DbActionExecutionException | DuplicateKeyException e) {
      if (!(e instanceof DuplicateKeyException) && !(e.getCause() instanceof DuplicateKeyException)) {
        throw e;
      }
      throw Problems.conflict("A release of " + program.name() + " to " + app.name() + " ("
          + release.environment() + ") is already in flight; finish, withdraw or cancel it first.");
    }
  }
}
