package dev.miniflow.removal;

import static dev.miniflow.removal.Removal.SUBJECT;

import dev.miniflow.engine.EngineCommands;
import dev.miniflow.engine.ProcessBinding;
import dev.miniflow.processes.RestartPoints;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The removal processes' one way to the engine (bpmn/removal.bpmn, bpmn/force-removal.bpmn):
 * starts (also at an element, after a restart), messages, and the binding of a removal to the
 * instance that runs it; with the names shared with the models as constants.
 */
@Component
public class RemovalProcess implements RestartPoints {
  public static final String REMOVAL_ID = "removal";
  public static final String FORCE_REMOVAL_ID = "force-removal";

  public static final String RECORD_DECISION = "removal.record-decision";
  public static final String TAKE_OFFLINE = "removal.take-offline";
  public static final String NOTIFY = "removal.notify";
  public static final String CLOSE_WITHDRAWN = "removal.close-withdrawn";
  public static final String WARN_OWNERS = "removal.warn-owners";
  public static final String RECORD_RECTIFICATION_REVIEW = "removal.record-rectification-review";

  public static final String MESSAGE_WITHDRAWN = "removal-withdrawn";
  public static final String MESSAGE_RECTIFIED = "removal-rectification-submitted";

  /** Elements a restarted embedded engine starts instances at (the removals' recovery). */
  public static final String ELEMENT_TAKE_OFFLINE = "TakeOffline";
  public static final String ELEMENT_WAIT_JOIN = "WaitJoin";
  public static final String ELEMENT_REVIEW_RECTIFICATION = "ReviewRectification";
  /** Where {@link RemovalRecovery#restartAt} starts instances again; the deploy policy keeps them in every variant. */
  public static final Map<String, Set<String>> RESTART_POINTS = Map.of(REMOVAL_ID, Set.of(ELEMENT_TAKE_OFFLINE),
      FORCE_REMOVAL_ID, Set.of(ELEMENT_TAKE_OFFLINE, ELEMENT_WAIT_JOIN, ELEMENT_REVIEW_RECTIFICATION));
  /** A forced removal's deadline variable. */
  public static final String VAR_DEADLINE = "deadline";

  public static final String VAR_REMOVAL_ID = "removalId";
  public static final String VAR_SEVERE = "severe";
  public static final String VAR_RECTIFY_WITHIN = "rectifyWithin";
  public static final String VAR_REMOVE_NOW = "removeNow";

  private final ProcessBinding binding;
  private final CamundaClient engine;
  private final EngineCommands commands;
  private final RemovalRepository removals;
  private final AuditTrail audit;

  RemovalProcess(ProcessBinding binding, CamundaClient engine, EngineCommands commands, RemovalRepository removals,
      AuditTrail audit) {
    this.binding = binding;
    this.engine = engine;
    this.commands = commands;
    this.removals = removals;
    this.audit = audit;
  }

  static Map<String, Object> variables(Removal removal, String requester, String subject) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(VAR_REMOVAL_ID, removal.id());
    variables.put("workspaceId", removal.workspaceId());
    variables.put("requester", requester);
    variables.put("businessKey", String.valueOf(removal.id()));
    variables.put("subject", subject);
    return variables;
  }

  /** A finding's variables: severe ones are taken offline at once, others warn and wait {@code rectifyWithin}. */
  static Map<String, Object> findingVariables(Removal removal, String requester, String subject, boolean severe,
      java.time.Duration rectifyWithin) {
    Map<String, Object> variables = variables(removal, requester, subject);
    variables.put(VAR_SEVERE, severe);
    variables.put(VAR_RECTIFY_WITHIN, rectifyWithin.toString());
    return variables;
  }

  /**
   * Starts the process of a removal just recorded, in the transaction that recorded it: an engine
   * that does not take the start leaves nothing behind.
   */
  void start(String processId, Removal removal, Map<String, Object> variables) {
    try {
      binding.start(processId, removal.workspaceId(), id -> commands.send(engine.newCreateInstanceCommand()
          .bpmnProcessId(id).latestVersion().variables(variables)).getProcessInstanceKey(),
          key -> removals.attachProcessInstance(removal.id(), key));
    } catch (ClientException e) {
      throw Problems
          .unavailable("The workflow engine is not reachable right now; nothing was changed. Please try again.");
    }
  }

  /** Starts the removal's process again, at {@code from} (an element id) or at its start. */
  void startAt(Removal removal, String platformProcessId, String from, Map<String, Object> variables) {
    binding.start(platformProcessId, removal.workspaceId(), processId -> {
      var created = engine.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion();
      return commands.send(from == null ? created.variables(variables)
          : created.startBeforeElement(from).variables(variables)).getProcessInstanceKey();
    }, key -> {
      removals.attachProcessInstance(removal.id(), key);
      audit.record(AuditTrail.SYSTEM, RemovalAudit.RECOVERED, removal.id(), removal.workspaceId(),
          "Process started again at " + (from == null ? "the review" : from) + " after an engine restart");
    });
  }

  void tell(String message, long removalId) {
    commands.publish(engine, message, removalId);
  }

  /** The removal, if this process instance runs it; any other id is refused. */
  Removal bound(long instanceKey, long removalId) {
    return binding.require(SUBJECT, removalId, () -> removals.findBound(removalId, instanceKey),
        () -> removals.findById(removalId).map(Removal::workspaceId));
  }

  /** The removal a review task of this instance is about, if it waits for a human review. */
  java.util.Optional<Removal> waitingForReview(long instanceKey) {
    return binding.findWaiting(() -> removals.findBoundTo(instanceKey),
        r -> (r.kind() == Removal.Kind.REQUESTED && r.status() == Removal.Status.UNDER_REVIEW && r.decidedBy() == null)
            || r.status() == Removal.Status.RECTIFICATION_SUBMITTED);
  }

  @Override
  public Map<String, Set<String>> restartPoints() {
    return RESTART_POINTS;
  }
}
