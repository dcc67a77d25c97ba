package dev.miniflow.authorization;

import dev.miniflow.engine.EngineCommands;
import dev.miniflow.engine.EngineStartedEmpty;
import dev.miniflow.engine.ProcessBinding;
import dev.miniflow.engine.ProcessInstanceCanceled;
import dev.miniflow.engine.StepRefused;
import static dev.miniflow.authorization.AuthorizationProcess.*;

import dev.miniflow.notification.Inbox;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import dev.miniflow.tasklist.TaskService;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Developers ask for scopes on a mini program for a period; its admins (or the workspace's)
 * decide; the grant ends by itself at expiry (an engine timer) or at once when revoked.
 */
@Service
public class AccessRequests {
  static final String SUBJECT = "grant";
  static final Duration REMIND_BEFORE = Duration.ofDays(3);

  private final AccessGrantRepository grants;
  private final MiniProgramDirectory miniPrograms;
  private final AccessPolicy policy;
  private final WorkspaceAccess workspaces;
  private final AuditTrail audit;
  private final Inbox inbox;
  private final CamundaClient engine;
  private final EngineCommands commands;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final int maxDays;
  private final Duration reviewWithin;
  private final ProcessBinding binding;
  private final TaskService tasks;

  AccessRequests(AccessGrantRepository grants, MiniProgramDirectory miniPrograms, AccessPolicy policy,
      WorkspaceAccess workspaces, AuditTrail audit, Inbox inbox, CamundaClient engine, EngineCommands commands, TransactionTemplate tx,
      Clock clock, @Value("${miniflow.grants.max-days:90}") int maxDays,
      @Value("${miniflow.grants.review-within:PT48H}") Duration reviewWithin, ProcessBinding binding, TaskService tasks) {
    this.binding = binding;
    this.tasks = tasks;
    this.grants = grants;
    this.miniPrograms = miniPrograms;
    this.policy = policy;
    this.workspaces = workspaces;
    this.audit = audit;
    this.inbox = inbox;
    this.engine = engine;
    this.commands = commands;
    this.tx = tx;
    this.clock = clock;
    this.maxDays = maxDays;
    this.reviewWithin = reviewWithin;
  }

  public AccessGrant request(long miniProgramId, Set<Scope> scopes, int days, String justification) {
    var listing = listing(miniProgramId);
    String user = workspaces.require(listing.workspaceId(), "Mini program " + miniProgramId, Role.DEVELOPER, Role.ADMIN);
    if (scopes == null || scopes.isEmpty()) {
      throw Problems.invalid("Ask for at least one scope: upload, release, analytics or members.");
    }
    if (days < 1 || days > maxDays) {
      throw Problems.invalid("Access can be asked for 1 to " + maxDays + " days.");
    }
    String why = dev.miniflow.support.Text.prose(justification, "justification", 2000);
    if (why.length() < 10 || why.length() > 2000) {
      throw Problems.invalid("Say in 10 to 2000 characters why you need this access.");
    }
    List<String> scopeNames = EnumSet.copyOf(scopes).stream().map(Enum::name).toList();
    // the request, its audit entry and the process start commit together: an engine that does not
    // take the start leaves nothing behind
    return tx.execute(s -> {
      AccessGrant saved = grants.save(new AccessGrant(null, listing.workspaceId(), miniProgramId, user, scopeNames, days,
          why, GrantStatus.REQUESTED, clock.instant(), null, null, null, null, null, null, null, null));
      audit.record(user, "grant.requested", SUBJECT, saved.id(), listing.workspaceId(),
          scopeNames + " on " + listing.name() + " for " + days + " days: " + why);
      try {
        binding.start(PROCESS_ID, saved.workspaceId(), processId -> commands.send(engine.newCreateInstanceCommand()
            .bpmnProcessId(processId).latestVersion().variables(variables(saved, listing.name()))).getProcessInstanceKey(),
            key -> grants.attachProcessInstance(saved.id(), key));
      } catch (ClientException e) {
        throw Problems.unavailable("The workflow engine is not reachable right now; nothing was asked. Please try again.");
      }
      return grants.findById(saved.id()).orElseThrow();
    });
  }

  /** What the authorization process knows of a grant; the review is due a fixed time after the request. */
  private Map<String, Object> variables(AccessGrant grant, String miniProgramName) {
    List<String> approvers = new ArrayList<>(policy.miniProgramAdmins(grant.miniProgramId()));
    approvers.remove(grant.grantee());
    Instant due = grant.requestedAt().plus(reviewWithin);
    Duration left = Duration.between(clock.instant(), due);
    Map<String, Object> variables = new HashMap<>();
    variables.put(VAR_GRANT_ID, grant.id());
    variables.put("workspaceId", grant.workspaceId());
    variables.put("requester", grant.grantee());
    variables.put("businessKey", String.valueOf(grant.id()));
    variables.put("subject", subject(grant, miniProgramName));
    variables.put(VAR_APPROVERS, approvers);
    variables.put(VAR_REVIEW_DUE, due.toString());
    variables.put(VAR_REVIEW_WITHIN, (left.isNegative() ? Duration.ZERO : left).toString());
    return variables;
  }

  /**
   * The embedded engine restarted empty: requests still waiting are asked again (their review
   * keeps its due date), approved grants start again before activation or with the time they
   * have left, and a grant whose time ran out meanwhile ends now.
   */
  @org.springframework.context.event.EventListener
  @org.springframework.core.annotation.Order(10)
  public void on(dev.miniflow.engine.EngineStartedEmpty restarted) {
    for (AccessGrant grant : grants.findInFlight()) {
      String name = miniPrograms.find(grant.miniProgramId()).map(MiniProgramDirectory.Listing::name).orElse("?");
      Map<String, Object> variables = new HashMap<>(variables(grant, name));
      String from;
      if (grant.status() == GrantStatus.REQUESTED) {
        from = "the review";
      } else if (grant.startsAt() == null) {
        from = AuthorizationProcess.ELEMENT_ACTIVATE;
      } else if (grant.expiresAt().isAfter(clock.instant())) {
        from = AuthorizationProcess.ELEMENT_GRANT_ACTIVE;
        variables.putAll(timers(grant));
      } else {
        from = AuthorizationProcess.ELEMENT_EXPIRE;
      }
      String at = from;
      binding.start(PROCESS_ID, grant.workspaceId(), processId -> {
        var command = engine.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion();
        return commands.send(at.equals("the review") ? command.variables(variables)
            : command.startBeforeElement(at).variables(variables)).getProcessInstanceKey();
      }, key -> {
        grants.attachProcessInstance(grant.id(), key);
        audit.record("system", "grant.recovered", SUBJECT, grant.id(), grant.workspaceId(),
            "Process started again at " + from + " after an engine restart");
      });
    }
  }

  /**
   * Someone left the workspace: their roles on its mini programs go, and their active grants are
   * revoked (their processes hear of it), in the transaction that removed them.
   */
  @org.springframework.context.event.EventListener
  @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
  public void on(dev.miniflow.workspace.MemberRemoved removed) {
    int roles = policy.dropRoles(removed.workspaceId(), removed.username());
    if (roles > 0) {
      audit.record(removed.removedBy(), "mini-program.roles-ended", "member", removed.username(),
          removed.workspaceId(), roles + " mini program role(s) of " + removed.username() + " ended with the membership");
    }
    for (AccessGrant grant : grants.findActiveOf(removed.workspaceId(), removed.username())) {
      if (grants.end(grant.id(), GrantStatus.REVOKED.name(), removed.removedBy()) == 1) {
        audit.record(removed.removedBy(), "grant.revoked", SUBJECT, grant.id(), grant.workspaceId(),
            removed.username() + " was removed from the workspace");
        try {
          commands.send(engine.newPublishMessageCommand().messageName(MESSAGE_REVOKED)
              .correlationKey(String.valueOf(grant.id())).messageId(UUID.randomUUID().toString())
              .timeToLive(Duration.ofDays(1)));
        } catch (RuntimeException e) {
          throw Problems.unavailable("The workflow engine is not reachable right now; nothing was changed. Please try again.");
        }
      }
    }
  }

  /** An admin canceled the process in the monitor: a waiting request is refused, a running grant ends now. */
  @org.springframework.context.event.EventListener
  @Transactional
  public void on(dev.miniflow.engine.ProcessInstanceCanceled canceled) {
    for (AccessGrant grant : grants.findByProcessInstance(canceled.processInstanceKey())) {
      String to = grant.status() == GrantStatus.REQUESTED ? GrantStatus.REJECTED.name() : GrantStatus.REVOKED.name();
      if (grants.end(grant.id(), to, canceled.canceledBy()) == 1) {
        audit.record(canceled.canceledBy(), "grant." + to.toLowerCase(), SUBJECT, grant.id(), grant.workspaceId(),
            "Its process instance was canceled in the monitor");
      }
    }
  }

  public List<AccessGrant> ofMiniProgram(long miniProgramId) {
    var listing = listing(miniProgramId);
    workspaces.requireMember(listing.workspaceId(), "Mini program " + miniProgramId);
    return grants.findByMiniProgramIdOrderByIdDesc(miniProgramId);
  }

  public AccessGrant get(long grantId) {
    AccessGrant grant = grants.findById(grantId).orElseThrow(() -> Problems.notFound("Access grant " + grantId));
    workspaces.requireMember(grant.workspaceId(), "Access grant " + grantId);
    return grant;
  }

  /** Ends a grant at once; its process hears of it and stops waiting for the expiry. */
  @Transactional
  public AccessGrant revoke(long grantId, String reason) {
    AccessGrant grant = get(grantId);
    String admin = policy.require(grant.workspaceId(), grant.miniProgramId(), Scope.MEMBERS);
    if (grant.status() != GrantStatus.ACTIVE || grants.end(grantId, GrantStatus.REVOKED.name(), admin) == 0) {
      throw Problems.conflict("Only an active grant can be revoked; this one is " + load(grantId).status() + ".");
    }
    audit.record(admin, "grant.revoked", SUBJECT, grantId, grant.workspaceId(), reason);
    try {
      commands.send(engine.newPublishMessageCommand().messageName(MESSAGE_REVOKED).correlationKey(String.valueOf(grantId))
          .messageId(UUID.randomUUID().toString()).timeToLive(Duration.ofDays(1)));
    } catch (RuntimeException e) {
      throw Problems.unavailable("The workflow engine is not reachable right now; nothing was changed. Please try again.");
    }
    return load(grantId);
  }

  // --- process steps, idempotent

  /** Records the decision taken in this instance's review task: decision, comment and approver come from the task. */
  @Transactional
  public void recordDecision(long instanceKey, long grantId) {
    AccessGrant grant = bound(instanceKey, grantId);
    if (grant.status() != GrantStatus.REQUESTED) {
      return; // decided already: a job delivered twice
    }
    TaskService.Decision decision = tasks.takeDecision(PROCESS_ID, instanceKey, String.valueOf(grantId),
        Set.of("approve", "reject"), why -> refuse(grant, why));
    boolean approved = "approve".equals(decision.decision());
    String by = decision.decidedBy();
    if (grants.decide(grantId, (approved ? GrantStatus.ACTIVE : GrantStatus.REJECTED).name(), by,
        decision.comment()) == 1) {
      audit.record(by, approved ? "grant.approved" : "grant.rejected", SUBJECT, grantId, grant.workspaceId(),
          decision.comment());
    }
  }

  /** Starts the clock of an approved grant. @return how long until the reminder and then the end, for the timers */
  @Transactional
  public Map<String, Object> activate(long instanceKey, long grantId) {
    AccessGrant grant = bound(instanceKey, grantId);
    if (grant.status() == GrantStatus.REQUESTED) {
      throw refuse(grant, "access request " + grantId + " was not approved");
    }
    if (grant.startsAt() == null && grant.status() == GrantStatus.ACTIVE) {
      Instant starts = clock.instant();
      grants.activate(grantId, Timestamp.from(starts), Timestamp.from(starts.plus(Duration.ofDays(grant.days()))));
      grant = load(grantId);
      audit.record("system", "grant.activated", SUBJECT, grantId, grant.workspaceId(),
          grant.scopes() + " for " + grant.grantee() + " until " + grant.expiresAt());
    }
    return timers(grant);
  }

  /** The time left until the reminder and from there until the end, counted from the recorded end. */
  private Map<String, Object> timers(AccessGrant grant) {
    Duration left = grant.expiresAt() == null ? Duration.ZERO : Duration.between(clock.instant(), grant.expiresAt());
    Duration period = left.isNegative() ? Duration.ZERO : left;
    Duration remindAfter = period.compareTo(REMIND_BEFORE) > 0 ? period.minus(REMIND_BEFORE) : Duration.ZERO;
    return Map.of(VAR_REMIND_AFTER, remindAfter.toString(), VAR_EXPIRE_AFTER, period.minus(remindAfter).toString());
  }

  @Transactional
  public void remindExpiry(long instanceKey, long grantId) {
    AccessGrant grant = bound(instanceKey, grantId);
    if (grant.status() == GrantStatus.ACTIVE) {
      inbox.send(grant.workspaceId(), grant.grantee(), "grant-" + grantId + "-expiring", "Your access expires soon",
          "Your " + grant.scopes() + " access ends at " + grant.expiresAt() + ".", null);
    }
  }

  @Transactional
  public void expire(long instanceKey, long grantId) {
    AccessGrant grant = bound(instanceKey, grantId);
    if (grant.status() == GrantStatus.REQUESTED) {
      throw refuse(grant, "access request " + grantId + " is still waiting for its review; it cannot expire");
    }
    if (grants.end(grantId, GrantStatus.EXPIRED.name(), "system") == 1) {
      audit.record("system", "grant.expired", SUBJECT, grantId, grant.workspaceId(), grant.scopes() + " of " + grant.grantee());
    }
  }

  @Transactional
  public void escalate(long instanceKey, long grantId) {
    AccessGrant grant = bound(instanceKey, grantId);
    if (grant.status() != GrantStatus.REQUESTED) {
      return;
    }
    for (String admin : workspaces.membersWithRole(grant.workspaceId(), Role.ADMIN)) {
      inbox.send(grant.workspaceId(), admin, "grant-" + grantId + "-escalated-" + admin, "Access request waiting",
          grant.grantee() + " asked for " + grant.scopes() + " on " + grant.requestedAt()
              + " and nobody has decided yet.", "/tasks");
    }
    audit.record("system", "grant.escalated", SUBJECT, grantId, grant.workspaceId(), "to the workspace admins");
  }

  @Transactional
  public void notifyGrantee(long instanceKey, long grantId) {
    AccessGrant grant = bound(instanceKey, grantId);
    String what = grant.scopes().toString().toLowerCase();
    String body = switch (grant.status()) {
      case ACTIVE -> "Your " + what + " access was granted by " + grant.decidedBy() + " until " + grant.expiresAt() + ".";
      case REJECTED -> "Your " + what + " access request was rejected by " + grant.decidedBy() + ": "
          + grant.decisionComment();
      case EXPIRED -> "Your " + what + " access has expired.";
      case REVOKED -> "Your " + what + " access was revoked by " + grant.endedBy() + ".";
      case REQUESTED -> null;
    };
    if (body != null) {
      inbox.send(grant.workspaceId(), grant.grantee(), "grant-" + grantId + "-" + grant.status(), "Access " + grant.status().name().toLowerCase(),
          body, null);
    }
  }

  /** The grant, if this process instance runs it; any other id is refused. */
  private AccessGrant bound(long instanceKey, long grantId) {
    return binding.require(SUBJECT, grantId, () -> grants.findBound(grantId, instanceKey),
        () -> grants.findById(grantId).map(AccessGrant::workspaceId));
  }

  /** What an access request is, in a line: its review task's subject. */
  static String subject(AccessGrant grant, String miniProgramName) {
    return grant.grantee() + " asks for " + String.join(", ", grant.scopes()).toLowerCase() + " on " + miniProgramName
        + " for " + grant.days() + " days";
  }

  /** The request a review task of this instance is about, if it still waits for its review. */
  java.util.Optional<AccessGrant> underReview(long instanceKey) {
    return binding.find(() -> grants.findBoundTo(instanceKey).stream().reduce((a, b) -> b))
        .filter(g -> g.status() == GrantStatus.REQUESTED);
  }

  private static StepRefused refuse(AccessGrant grant, String why) {
    return new StepRefused(why, grant.workspaceId(), SUBJECT, grant.id());
  }

  AccessGrant load(long grantId) {
    return grants.findCommitted(grantId).orElseThrow(() -> new IllegalStateException("No grant " + grantId));
  }

  private MiniProgramDirectory.Listing listing(long miniProgramId) {
    return miniPrograms.find(miniProgramId).orElseThrow(() -> Problems.notFound("Mini program " + miniProgramId));
  }
}
