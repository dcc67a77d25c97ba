package dev.miniflow.authorization;

import dev.miniflow.processes.RestartPoints;
import java.util.Set;
import static dev.miniflow.authorization.AccessRequests.SUBJECT;

import dev.miniflow.engine.EngineCommands;
import dev.miniflow.engine.ProcessBinding;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientException;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The authorization process's one way to the engine (bpmn/authorization.bpmn): starts (also at an
 * element, after a restart), the revocation message, and the binding of a grant to the instance that runs it; with the names shared with the model as constants.
 */
@Component
public class AuthorizationProcess implements RestartPoints {
  public static final String PROCESS_ID = "authorization";
  public static final String RECORD_DECISION = "authorization.record-decision";
  public static final String ACTIVATE = "authorization.activate";
  public static final String REMIND = "authorization.remind-expiry";
  public static final String EXPIRE = "authorization.expire";
  public static final String NOTIFY = "authorization.notify";
  public static final String ESCALATE = "authorization.escalate";
  public static final String MESSAGE_REVOKED = "grant-revoked";

  /** Elements a restarted embedded engine starts instances at (the access request's recovery). */
  public static final String ELEMENT_ACTIVATE = "Activate";
  public static final String ELEMENT_GRANT_ACTIVE = "GrantActive";
  public static final String ELEMENT_EXPIRE = "Expire";
  /** Where {@link AccessRecovery} starts instances again; the deploy policy keeps them in every variant. */
  public static final Map<String, Set<String>> RESTART_POINTS = Map.of(PROCESS_ID,
      Set.of(ELEMENT_ACTIVATE, ELEMENT_GRANT_ACTIVE, ELEMENT_EXPIRE));

  public static final String VAR_GRANT_ID = "grantId";
  public static final String VAR_APPROVERS = "approvers";
  public static final String VAR_REVIEW_DUE = "reviewDue";
  /** Timers run on the engine's clock, so they are durations from when they start, not dates. */
  public static final String VAR_REVIEW_WITHIN = "reviewWithin";
  public static final String VAR_REMIND_AFTER = "remindAfter";
  public static final String VAR_EXPIRE_AFTER = "expireAfter";

  private final ProcessBinding binding;
  private final CamundaClient engine;
  private final EngineCommands commands;
  private final AccessGrantRepository grants;
  private final AuditTrail audit;
  private final GrantSchedule schedule;

  AuthorizationProcess(ProcessBinding binding, CamundaClient engine, EngineCommands commands,
      AccessGrantRepository grants, AuditTrail audit, GrantSchedule schedule) {
    this.binding = binding;
    this.engine = engine;
    this.commands = commands;
    this.grants = grants;
    this.audit = audit;
    this.schedule = schedule;
  }

  /** Tells the grant's process that it was revoked (it stops waiting for the expiry). */
  void revoked(long grantId) {
    commands.publish(engine, MESSAGE_REVOKED, grantId);
  }

  /** Starts the process of a request just recorded, in its transaction; an engine that does not take it leaves nothing. */
  void start(AccessGrant saved, String miniProgramName) {
    try {
      binding.start(PROCESS_ID, saved.workspaceId(), processId -> commands.send(engine.newCreateInstanceCommand()
          .bpmnProcessId(processId).latestVersion().variables(schedule.variables(saved, miniProgramName)))
          .getProcessInstanceKey(),
          key -> grants.attachProcessInstance(saved.id(), key));
    } catch (ClientException e) {
      throw Problems
          .unavailable("The workflow engine is not reachable right now; nothing was asked. Please try again.");
    }
  }

  /** Starts a grant's process again after an engine restart: at {@code from} (an element id), or at the review. */
  void startAt(AccessGrant grant, String from, Map<String, Object> variables) {
    binding.start(PROCESS_ID, grant.workspaceId(), processId -> {
      var command = engine.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion();
      return commands.send(from == null ? command.variables(variables)
          : command.startBeforeElement(from).variables(variables)).getProcessInstanceKey();
    }, key -> {
      grants.attachProcessInstance(grant.id(), key);
      audit.record("system", AccessAudit.RECOVERED, grant.id(), grant.workspaceId(),
          "Process started again at " + (from == null ? "the review" : from) + " after an engine restart");
    });
  }

  /** The grant, if this process instance runs it; any other id is refused. */
  AccessGrant bound(long instanceKey, long grantId) {
    return binding.require(SUBJECT, grantId, () -> grants.findBound(grantId, instanceKey),
        () -> grants.findById(grantId).map(AccessGrant::workspaceId));
  }

  /** The request a review task of this instance is about, if it still waits for its review. */
  java.util.Optional<AccessGrant> underReview(long instanceKey) {
    return binding.findWaiting(() -> grants.findBoundTo(instanceKey), g -> g.status() == GrantStatus.REQUESTED);
  }

  @Override
  public Map<String, Set<String>> restartPoints() {
    return RESTART_POINTS;
  }
}
