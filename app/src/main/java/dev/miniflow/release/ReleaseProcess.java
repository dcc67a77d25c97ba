package dev.miniflow.release;

import dev.miniflow.engine.EngineCommands;
import dev.miniflow.engine.ProcessBinding;
import io.camunda.client.CamundaClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.springframework.stereotype.Component;

/**
 * The release process's one way to the engine (bpmn/release.bpmn): starts, messages, and the
 * binding of releases to the instance that runs them; with the names shared with the model
 * (process id, messages, job types and variables) as constants.
 */
@Component
public class ReleaseProcess {

  public static final String PROCESS_ID = "release";

  public static final String VALIDATE = "release.validate";
  public static final String RECORD_DECISION = "release.record-decision";
  public static final String PACKAGE = "release.package";
  public static final String ROLL_OUT = "release.roll-out";
  public static final String NOTIFY = "release.notify";
  public static final String CLOSE_STOPPED = "release.close-stopped";
  public static final String RECORD_PARTNER_REJECTION = "release.partner-rejected";
  /** A phased release's timer fired: the next step, if it is due. */
  public static final String ADVANCE_PHASE = "release.advance-phase";

  /** An operator asked for the next rollout step (pilot, grayscale, full). */
  public static final String MESSAGE_ROLLOUT = "release-rollout-requested";
  /** The release was withdrawn or canceled; the per-target flow stops. */
  public static final String MESSAGE_STOPPED = "release-stopped";

  public static final String ERROR_NOT_RELEASABLE = "NOT_RELEASABLE";
  public static final String ERROR_PARTNER_REJECTED = "PARTNER_REJECTED";

  /** Root variables. */
  public static final String VAR_RELEASE_IDS = "releaseIds";
  public static final String VAR_WORKSPACE_ID = "workspaceId";
  public static final String VAR_REQUESTER = "requester";
  /** Variables local to each target app's instance of the multi-instance subprocess. */
  public static final String VAR_RELEASE_ID = "releaseId";
  public static final String VAR_BUSINESS_KEY = "businessKey";
  public static final String VAR_SUBJECT = "subject";
  public static final String VAR_REVIEW_REQUIRED = "reviewRequired";
  public static final String VAR_AUTO_RELEASE = "autoRelease";
  public static final String VAR_RELEASED = "released";
  public static final String VAR_PARTNER_REASON = "partnerReason";
  /** The review's due date (ISO instant) and its timers' durations from the step's start (ISO durations). */
  public static final String VAR_REVIEW_DUE_AT = "reviewDueAt";
  public static final String VAR_REVIEW_REMIND_IN = "reviewRemindIn";
  public static final String VAR_REVIEW_DUE_IN = "reviewDueIn";
  /** The review task's priority in the queues (higher for an expedited review). */
  public static final String VAR_PRIORITY = "priority";
  /** How long the rollout waits before a phased release's next step is looked at (ISO duration; null: no plan running). */
  public static final String VAR_PHASE_WAIT = "phaseWait";
  /** The review step, whose SLA (per target app) times the reminder and the escalation. */
  public static final String ELEMENT_REVIEW = "ReviewRelease";

  public static final String DECISION_APPROVE = "approve";
  public static final String DECISION_REJECT = "reject";

  private final ProcessBinding binding;
  private final CamundaClient engine;
  private final EngineCommands commands;
  private final ReleaseRepository releases;

  ReleaseProcess(ProcessBinding binding, CamundaClient engine, EngineCommands commands, ReleaseRepository releases) {
    this.binding = binding;
    this.engine = engine;
    this.commands = commands;
    this.releases = releases;
  }

  /**
   * Starts one instance for the releases (one pass per target app) and binds them to it, in one
   * transaction a worker of that instance waits for; {@code bound} runs in it too. @return the instance key
   */
  long start(long workspaceId, List<Long> releaseIds, String requester, LongConsumer bound) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(VAR_RELEASE_IDS, releaseIds);
    variables.put(VAR_WORKSPACE_ID, workspaceId);
    variables.put(VAR_REQUESTER, requester);
    return binding.start(PROCESS_ID, workspaceId, processId -> commands.send(engine.newCreateInstanceCommand()
        .bpmnProcessId(processId).latestVersion().variables(variables)).getProcessInstanceKey(), key -> {
          releaseIds.forEach(id -> releases.attachProcessInstance(id, key));
          bound.accept(key);
        });
  }

  /** Inside the caller's transaction: if the engine does not take the message, nothing is recorded. */
  void tell(String message, long releaseId) {
    commands.publish(engine, message, releaseId);
  }

  /**
   * The release, if this process instance runs it (read with a row lock, so a request that
   * changed it and told the process first has committed). Any other id is refused.
   */
  Release bound(long instanceKey, long releaseId) {
    return binding.require(Release.SUBJECT, releaseId, () -> releases.findBound(releaseId, instanceKey),
        () -> releases.findById(releaseId).map(Release::workspaceId));
  }

  /** The release a review task of this instance is about, if it waits for its review. */
  Optional<Release> underReview(long instanceKey, long releaseId) {
    return binding.find(() -> releases.findBound(releaseId, instanceKey))
        .filter(r -> r.status() == ReleaseStatus.UNDER_REVIEW);
  }
}
