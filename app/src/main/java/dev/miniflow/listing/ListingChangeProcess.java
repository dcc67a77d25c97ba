package dev.miniflow.listing;

import dev.miniflow.engine.EngineCommands;
import dev.miniflow.engine.ProcessBinding;
import dev.miniflow.processes.RestartPoints;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The listing change process's one way to the engine (bpmn/listing-change.bpmn): starts (also at
 * the publication, after a restart), the withdrawal message, and the binding of a change to the
 * instance that runs it; with the names shared with the model as constants.
 */
@Component
public class ListingChangeProcess implements RestartPoints {
  public static final String PROCESS_ID = "listing-change";
  public static final String RECORD_DECISION = "listing-change.record-decision";
  public static final String PUBLISH = "listing-change.publish";
  public static final String NOTIFY = "listing-change.notify";
  public static final String MESSAGE_WITHDRAWN = "listing-change-withdrawn";
  /** Where an approved change not yet published starts again after the embedded engine restarted empty. */
  public static final String ELEMENT_PUBLISH = "PublishListing";
  public static final String VAR_CHANGE_ID = "listingChangeId";

  private final ProcessBinding binding;
  private final CamundaClient engine;
  private final EngineCommands commands;
  private final ListingChangeRepository changes;
  private final AuditTrail audit;

  ListingChangeProcess(ProcessBinding binding, CamundaClient engine, EngineCommands commands,
      ListingChangeRepository changes, AuditTrail audit) {
    this.binding = binding;
    this.engine = engine;
    this.commands = commands;
    this.changes = changes;
    this.audit = audit;
  }

  /** Starts the review of a change just recorded, in its transaction; an engine that does not take it leaves nothing. */
  void start(ListingChange saved, String what) {
    audit.record(saved.requestedBy(), ListingAudit.REQUESTED, saved.id(), saved.workspaceId(), what);
    try {
      startAt(saved, null);
    } catch (ClientException e) {
      throw Problems.unavailable(
          "The workflow engine is not reachable right now; the listing was not changed. Please try again.");
    }
  }

  /** Starts a change's process again after an engine restart: at {@code from} (an element id), or at the review. */
  void restart(ListingChange change, String from) {
    startAt(change, from);
    audit.record(AuditTrail.SYSTEM, ListingAudit.RECOVERED, change.id(), change.workspaceId(),
        "Process started again at " + (from == null ? "the review" : from) + " after an engine restart");
  }

  private void startAt(ListingChange change, String from) {
    binding.start(PROCESS_ID, change.workspaceId(), processId -> {
      var command = engine.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion();
      Map<String, Object> variables = Map.of(VAR_CHANGE_ID, change.id());
      return commands.send(from == null ? command.variables(variables)
          : command.startBeforeElement(from).variables(variables)).getProcessInstanceKey();
    }, key -> changes.attachProcessInstance(change.id(), key));
  }

  /** Tells the change's process that its requester withdrew it (the review ends). */
  void withdrawn(long changeId) {
    commands.publish(engine, MESSAGE_WITHDRAWN, changeId);
  }

  /** The change, if this process instance runs it; any other id is refused. */
  ListingChange bound(long instanceKey, long changeId) {
    return binding.require(ListingChange.SUBJECT, changeId, () -> changes.findBound(changeId, instanceKey),
        () -> changes.findById(changeId).map(ListingChange::workspaceId));
  }

  /** The change a review task of this instance is about, if it still waits for its review. */
  Optional<ListingChange> underReview(long instanceKey) {
    return binding.findWaiting(() -> changes.findBoundTo(instanceKey),
        c -> c.status() == ListingChange.Status.UNDER_REVIEW);
  }

  @Override
  public Map<String, Set<String>> restartPoints() {
    return Map.of(PROCESS_ID, Set.of(ELEMENT_PUBLISH));
  }
}
