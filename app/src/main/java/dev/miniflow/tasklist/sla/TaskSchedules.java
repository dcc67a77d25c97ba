package dev.miniflow.tasklist.sla;

import dev.miniflow.tasklist.TaskAudit;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Due dates per process step and target app, as a workspace's process owners and admins configure
 * them (else {@link SlaSettings}' defaults). The models' boundary timers count them on the engine's
 * clock from the step's start; a task's due date is set from the same figure when it opens.
 */
@Service
@NamedInterface("api")
public class TaskSchedules {
  static final Duration LONGEST = Duration.ofDays(366);
  private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,127}");

  private final SlaStore store;
  private final SlaSettings defaults;
  private final WorkspaceAccess access;
  private final AuditTrail audit;

  TaskSchedules(SlaStore store, SlaSettings defaults, WorkspaceAccess access, AuditTrail audit) {
    this.store = store;
    this.defaults = defaults;
    this.access = access;
    this.audit = audit;
  }

  /** The step's SLA for the target app: configured for it, else for any target app, else the default. */
  public Sla forStep(long workspaceId, String processId, String elementId, String targetApp) {
    return configured(workspaceId, processId, elementId, targetApp).orElseGet(() -> new Sla(null, workspaceId,
        processId, elementId, "", defaults.dueWithin(), defaults.remindBefore()));
  }

  /** Only a configured SLA (a step without timers in its model gets a due date from this alone). */
  public Optional<Sla> configured(long workspaceId, String processId, String elementId, String targetApp) {
    return store.find(workspaceId, processId, elementId, targetApp);
  }

  public List<Sla> list(long workspaceId) {
    access.requireMember(workspaceId, "Workspace " + workspaceId);
    return store.ofWorkspace(workspaceId);
  }

  /**
   * @param dueWithin an ISO-8601 duration, like PT24H or P2D
   * @param remindBefore likewise; PT0S for no early reminder
   */
  public record NewSla(String processId, String elementId, String targetApp, String dueWithin, String remindBefore) {}

  @Transactional
  public Sla set(long workspaceId, NewSla request) {
    String user = access.require(workspaceId, "Workspace " + workspaceId, Role.PROCESS_OWNER, Role.ADMIN);
    if (request == null) {
      throw Problems.invalid("An SLA names processId, elementId, dueWithin and remindBefore.");
    }
    String process = id(request.processId(), "processId");
    String element = id(request.elementId(), "elementId");
    String targetApp = request.targetApp() == null || request.targetApp().isBlank() ? ""
        : Text.name(request.targetApp(), "target app", 256);
    Duration due = duration(request.dueWithin(), "dueWithin");
    Duration remind = request.remindBefore() == null || request.remindBefore().isBlank() ? Duration.ZERO
        : duration(request.remindBefore(), "remindBefore");
    if (due.toMinutes() < 1 || due.compareTo(LONGEST) > 0) {
      throw Problems.invalid("'dueWithin' is between one minute and 366 days.");
    }
    if (remind.isNegative() || remind.compareTo(due) >= 0) {
      throw Problems.invalid("'remindBefore' is shorter than 'dueWithin' (PT0S: no early reminder).");
    }
    long id = store.upsert(new Sla(null, workspaceId, process, element, targetApp, due, remind));
    audit.record(user, TaskAudit.SLA_SET, id, workspaceId, process + "/" + element
        + (targetApp.isEmpty() ? "" : " in " + targetApp) + ": due within " + due + ", reminder " + remind + " before");
    return store.byId(id).orElseThrow();
  }

  @Transactional
  public void remove(long workspaceId, long id) {
    String user = access.require(workspaceId, "Workspace " + workspaceId, Role.PROCESS_OWNER, Role.ADMIN);
    Sla sla = store.byId(id).filter(s -> s.workspaceId() == workspaceId)
        .orElseThrow(() -> Problems.notFound("SLA " + id));
    store.delete(id);
    audit.record(user, TaskAudit.SLA_REMOVED, id, workspaceId, sla.processId() + "/" + sla.elementId());
  }

  private static String id(String value, String field) {
    if (value == null || !ID.matcher(value.strip()).matches()) {
      throw Problems
          .invalid("'" + field + "' is a process or element id of the model (like 'release', 'ReviewRelease').");
    }
    return value.strip();
  }

  private static Duration duration(String value, String field) {
    if (value == null || value.isBlank() || value.length() > 40) {
      throw Problems.invalid("'" + field + "' is an ISO-8601 duration, like PT24H or P2D.");
    }
    try {
      return Duration.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw Problems
          .invalid("'" + field + "' is an ISO-8601 duration, like PT24H or P2D (not '" + value.strip() + "').");
    }
  }
}
