package dev.miniflow.capability;

import dev.miniflow.engine.EngineCommands;
import dev.miniflow.engine.ProcessBinding;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientException;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The feature permission process's one way to the engine (bpmn/feature-permission.bpmn): starts,
 * and the binding of a capability request to the instance that runs it; with the names shared with
 * the model as constants.
 */
@Component
public class FeaturePermissionProcess {
  public static final String PROCESS_ID = "feature-permission";
  public static final String RECORD_DECISION = "feature-permission.record-decision";
  public static final String NOTIFY = "feature-permission.notify";
  public static final String VAR_GRANT_ID = "capabilityGrantId";

  private final ProcessBinding binding;
  private final CamundaClient engine;
  private final EngineCommands commands;
  private final CapabilityGrantRepository grants;
  private final AuditTrail audit;

  FeaturePermissionProcess(ProcessBinding binding, CamundaClient engine, EngineCommands commands,
      CapabilityGrantRepository grants, AuditTrail audit) {
    this.binding = binding;
    this.engine = engine;
    this.commands = commands;
    this.grants = grants;
    this.audit = audit;
  }

  /** Starts the review of a request just recorded, in its transaction; an engine that does not take it leaves nothing. */
  void start(CapabilityGrant saved) {
    try {
      startInstance(saved);
    } catch (ClientException e) {
      throw Problems
          .unavailable("The workflow engine is not reachable right now; nothing was asked. Please try again.");
    }
  }

  /** Starts a waiting request's review again after the embedded engine restarted empty. */
  void restart(CapabilityGrant grant) {
    startInstance(grant);
    audit.record(AuditTrail.SYSTEM, CapabilityAudit.RECOVERED, grant.id(), grant.workspaceId(),
        "Review started again after an engine restart");
  }

  private void startInstance(CapabilityGrant grant) {
    binding.start(PROCESS_ID, grant.workspaceId(), processId -> commands.send(engine.newCreateInstanceCommand()
        .bpmnProcessId(processId).latestVersion()
        .variables(Map.of(VAR_GRANT_ID, grant.id())))
        .getProcessInstanceKey(), key -> grants.attachProcessInstance(grant.id(), key));
  }

  /** The request, if this process instance runs it; any other id is refused. */
  CapabilityGrant bound(long instanceKey, long grantId) {
    return binding.require(CapabilityGrant.SUBJECT, grantId, () -> grants.findBound(grantId, instanceKey),
        () -> grants.findById(grantId).map(CapabilityGrant::workspaceId));
  }

  /** The request a review task of this instance is about, if it still waits for its review. */
  Optional<CapabilityGrant> underReview(long instanceKey) {
    return binding.findWaiting(() -> grants.findBoundTo(instanceKey),
        g -> g.status() == CapabilityGrant.Status.REQUESTED);
  }
}
