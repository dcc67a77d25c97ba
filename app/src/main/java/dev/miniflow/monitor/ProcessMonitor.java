package dev.miniflow.monitor;

import dev.miniflow.engine.ProcessInstanceCanceled;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The admin monitor: process instances of the admin's workspaces, their incidents, retries and cancels. */
@Service
public class ProcessMonitor {
  static final int RETRIES_AFTER_FIX = 3;

  private final InstanceHistory history;
  private final WorkspaceAccess access;
  private final CamundaClient engine;
  private final AuditTrail audit;
  private final ApplicationEventPublisher events;

  ProcessMonitor(InstanceHistory history, WorkspaceAccess access, CamundaClient engine, AuditTrail audit,
      ApplicationEventPublisher events) {
    this.history = history;
    this.access = access;
    this.engine = engine;
    this.audit = audit;
    this.events = events;
  }

  /** The workspaces the current user administers; the monitor is for admins. */
  public List<Long> adminWorkspaces() {
    List<Long> workspaces = access.workspacesWithRole(CurrentUser.username(), Role.ADMIN);
    if (workspaces.isEmpty()) {
      throw Problems.forbidden("The monitor is for workspace admins.");
    }
    return workspaces;
  }

  public List<InstanceHistory.Instance> instances(InstanceHistory.Filter filter, int page, int size) {
    return history.instances(adminWorkspaces(), filter, size, Math.max(0, page) * size);
  }

  public List<InstanceHistory.Incident> openIncidents() {
    return history.openIncidents(adminWorkspaces(), 500);
  }

  /** The instance, if it belongs to a workspace the current user administers (else "not found"). */
  public InstanceHistory.Instance instance(long key) {
    var instance = history.instance(key).orElseThrow(() -> Problems.notFound("Process instance " + key));
    if (instance.workspaceId() == null) {
      throw Problems.notFound("Process instance " + key);
    }
    access.require(instance.workspaceId(), "Process instance " + key, Role.ADMIN);
    return instance;
  }

  public record InstanceDetail(InstanceHistory.Instance instance, List<InstanceHistory.Element> elements,
      List<InstanceHistory.Incident> incidents, List<InstanceHistory.Job> jobs,
      List<InstanceHistory.Variable> variables,
      java.util.Map<String, List<String>> diagram) {}

  public InstanceDetail detail(long key) {
    var instance = instance(key);
    return new InstanceDetail(instance, history.elements(key), history.incidents(key), history.jobs(key),
        history.variables(key),
        history.diagramState(key));
  }

  /**
   * Gives the failed job new retries and resolves its incident, after whatever broke (a partner
   * being down, say) was fixed: the worker picks the job up again.
   */
  @Transactional
  public void retry(long incidentKey) {
    var incident = history.incident(incidentKey).orElseThrow(() -> Problems.notFound("Incident " + incidentKey));
    retry(CurrentUser.username(), incident, instance(incident.processInstanceKey()), null);
  }

  /**
   * {@link #retry} on behalf of {@code user} (a batch operation they started), who must still
   * administer the instance's workspace; {@code note} goes into the audit entry.
   */
  @Transactional
  public void retryAs(String user, long incidentKey, String note) {
    var incident = history.incident(incidentKey).orElseThrow(() -> Problems.notFound("Incident " + incidentKey));
    retry(user, incident, administered(user, incident.processInstanceKey()), note);
  }

  private void retry(String user, InstanceHistory.Incident incident, InstanceHistory.Instance instance, String note) {
    if (!"ACTIVE".equals(incident.state())) {
      throw Problems.conflict("This incident was already resolved.");
    }
    try {
      if (incident.jobKey() != null) {
        engine.newUpdateRetriesCommand(incident.jobKey()).retries(RETRIES_AFTER_FIX).send().join();
      }
      engine.newResolveIncidentCommand(incident.key()).send().join();
    } catch (ClientStatusException e) {
      throw engineRefused(e, "The incident is no longer open in the engine (it may have been resolved meanwhile).");
    }
    audit.record(user, MonitorAudit.INCIDENT_RETRIED, instance.key(), instance.workspaceId(),
        "incident " + incident.key() + " at " + incident.elementId() + ": " + incident.errorMessage() + noted(note));
  }

  @Transactional
  public void cancel(long key) {
    cancel(CurrentUser.username(), instance(key), null);
  }

  /** {@link #cancel} on behalf of {@code user}, who must still administer the instance's workspace. */
  @Transactional
  public void cancelAs(String user, long key, String note) {
    cancel(user, administered(user, key), note);
  }

  private void cancel(String user, InstanceHistory.Instance instance, String note) {
    long key = instance.key();
    if (!"ACTIVE".equals(instance.state())) {
      throw Problems.conflict("This instance is already " + instance.state().toLowerCase() + ".");
    }
    try {
      engine.newCancelInstanceCommand(key).send().join();
    } catch (ClientStatusException e) {
      throw engineRefused(e, "The instance is no longer running in the engine.");
    }
    audit.record(user, MonitorAudit.INSTANCE_CANCELED, key, instance.workspaceId(),
        instance.bpmnProcessId() + (instance.subject() == null ? "" : ": " + instance.subject()) + noted(note));
    events.publishEvent(new ProcessInstanceCanceled(key, instance.bpmnProcessId(), user));
  }

  /** The instance, if {@code user} administers its workspace now (not only when they asked). */
  public InstanceHistory.Instance administered(String user, long key) {
    var instance = history.instance(key).filter(i -> i.workspaceId() != null)
        .orElseThrow(() -> Problems.notFound("Process instance " + key));
    if (!access.rolesOf(user, instance.workspaceId()).contains(Role.ADMIN)) {
      throw Problems.forbidden(user + " no longer administers the workspace of process instance " + key + ".");
    }
    return instance;
  }

  private static String noted(String note) {
    return note == null ? "" : " (" + note + ")";
  }

  private static RuntimeException engineRefused(ClientStatusException e, String notFound) {
    if (e.getStatusCode() == Status.Code.NOT_FOUND) {
      return Problems.conflict(notFound);
    }
    return Problems.unavailable("The workflow engine did not take the command; nothing changed. Please try again.");
  }
}
