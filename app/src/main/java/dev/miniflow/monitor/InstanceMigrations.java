package dev.miniflow.monitor;

import dev.miniflow.processes.ProcessDefinitions;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Migration of a running instance to a newer version of its process. Each active element is
 * mapped to the element of the same id and kind in the target version, and only so: a mapping to
 * another element could skip a step or a review (and a user task keeps its open task and its
 * task list row). The preview says, per active element and per open task, what the migration
 * does: it keeps them, or it is refused because one has no counterpart. It never closes or
 * creates a task.
 */
@Service
public class InstanceMigrations {
  private final ProcessMonitor monitor;
  private final ProcessDefinitions definitions;
  private final CamundaClient engine;
  private final AuditTrail audit;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  InstanceMigrations(ProcessMonitor monitor, ProcessDefinitions definitions, CamundaClient engine,
      AuditTrail audit, JdbcClient jdbc, TransactionTemplate tx) {
    this.monitor = monitor;
    this.definitions = definitions;
    this.engine = engine;
    this.audit = audit;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /** An active element and where the migration takes it (null: nowhere, the migration is refused). */
  public record ElementMapping(String elementId, String elementType, String targetElementId, String problem) {}

  /** An open task of the instance and what the migration does to it. */
  public record TaskOutcome(long taskId, String name, String elementId, String outcome) {}

  public record MigrationPreview(long instanceKey, int fromVersion, long targetDefinitionKey, int targetVersion,
      List<ElementMapping> elements, List<TaskOutcome> tasks, boolean migratable) {}

  public record Migrated(long instanceKey, int fromVersion, int toVersion, List<ElementMapping> elements) {}

  public MigrationPreview preview(long instanceKey, Long targetDefinitionKey) {
    return preview(monitor.instance(instanceKey), targetDefinitionKey);
  }

  private MigrationPreview preview(InstanceHistory.Instance instance, Long targetDefinitionKey) {
    long instanceKey = instance.key();
    if (!"ACTIVE".equals(instance.state())) {
      throw Problems.conflict("Only a running instance can be migrated; this one is " + instance.state() + ".");
    }
    if (targetDefinitionKey == null) {
      throw Problems.invalid("Name the process version to migrate to (targetDefinitionKey).");
    }
    var target = definitions.byKey(targetDefinitionKey).orElseThrow(() -> Problems.invalid("Version "
        + targetDefinitionKey + " is not a newer version of " + instance.bpmnProcessId() + "."));
    if (!target.bpmnProcessId().equals(instance.bpmnProcessId()) || target.version() <= instance.version()) {
      throw Problems.invalid("Version " + targetDefinitionKey + " is not a newer version of " + instance.bpmnProcessId()
          + " (this instance runs v" + instance.version() + ").");
    }
    BpmnModelInstance model = target.model();
    Map<String, String> active = new LinkedHashMap<>();
    jdbc.sql("select distinct element_id, element_type from element_instance where process_instance_key = :k"
        + " and state = 'ACTIVE' and element_type <> 'PROCESS' order by element_id").param("k", instanceKey)
        .query(rs -> {
          active.put(rs.getString(1), rs.getString(2));
        });
    // the catch events active elements are subscribed to (their boundary events, the start events of
    // the event sub-processes in them) move along, each to the event of the same id
    BpmnModelInstance source = definitions.byKey(instance.processDefinitionKey()).orElseThrow(() -> Problems
        .conflict("The process version of this instance is not recorded here.")).model();
    Map<String, String> subscribed = new LinkedHashMap<>();
    for (BoundaryEvent boundary : source.getModelElementsByType(BoundaryEvent.class)) {
      if (active.containsKey(boundary.getAttachedTo().getId())) {
        subscribed.put(boundary.getId(), "BOUNDARY_EVENT");
      }
    }
    for (SubProcess handler : source.getModelElementsByType(SubProcess.class)) {
      if (handler.triggeredByEvent() && handler.getParentElement() instanceof FlowElement scope
          && active.containsKey(scope.getId())) {
        handler.getChildElementsByType(StartEvent.class).forEach(start -> subscribed.put(start.getId(), "START_EVENT"));
      }
    }
    subscribed.forEach(active::putIfAbsent);
    List<ElementMapping> elements = new ArrayList<>();
    active.forEach((id, type) -> {
      String to = id;
      String problem = null;
      if (!(model.getModelElementById(to) instanceof FlowElement element)) {
        problem = "no element '" + to + "' in version " + target.version() + " to go on from";
      } else if (!sameKind(type, element)) {
        problem = "'" + to + "' is a " + element.getElementType().getTypeName() + ", not a " + type;
      }
      elements.add(new ElementMapping(id, type, problem == null ? to : null, problem));
    });
    List<TaskOutcome> tasks = jdbc.sql("select id, name, element_id from user_task where process_instance_key = :k"
        + " and state in ('OPEN', 'CLAIMED') order by id").param("k", instanceKey)
        .query((rs, n) -> {
          String element = rs.getString("element_id");
          boolean kept = elements.stream().anyMatch(e -> e.elementId().equals(element) && e.problem() == null);
          return new TaskOutcome(rs.getLong("id"), rs.getString("name"), element,
              kept ? "KEPT" : "REFUSED: the migration would have to close it");
        }).list();
    return new MigrationPreview(instanceKey, instance.version(), targetDefinitionKey, target.version(), elements, tasks,
        elements.stream().allMatch(e -> e.problem() == null));
  }

  public Migrated migrate(long instanceKey, Long targetDefinitionKey) {
    return migrate(CurrentUser.username(), monitor.instance(instanceKey), targetDefinitionKey, null);
  }

  /**
   * {@link #migrate} on behalf of {@code user} (a batch operation they started, each element mapped
   * by its id), who must still administer the instance's workspace.
   */
  public Migrated migrateAs(String user, long instanceKey, long targetDefinitionKey, String note) {
    return migrate(user, monitor.administered(user, instanceKey), targetDefinitionKey, note);
  }

  private Migrated migrate(String user, InstanceHistory.Instance instance, Long targetDefinitionKey, String note) {
    long instanceKey = instance.key();
    MigrationPreview preview = preview(instance, targetDefinitionKey);
    if (!preview.migratable()) {
      throw Problems.conflict("Refused: " + preview.elements().stream().filter(e -> e.problem() != null)
          .map(e -> e.elementId() + ": " + e.problem()).reduce((a, b) -> a + "; " + b).orElse("") + ".");
    }
    if (preview.elements().isEmpty()) {
      throw Problems.conflict("No active element to migrate.");
    }
    // the audit entry first, in the transaction the engine's answer decides: no migration goes unrecorded
    tx.executeWithoutResult(status -> {
      audit.record(user, MonitorAudit.INSTANCE_MIGRATED, instanceKey, instance.workspaceId(),
          instance.bpmnProcessId() + " v" + preview.fromVersion() + " → v" + preview.targetVersion() + ", "
              + preview.tasks().size() + " open task(s) kept" + (note == null ? "" : " (" + note + ")"));
      try {
        var plan = engine.newMigrateProcessInstanceCommand(instanceKey).migrationPlan(targetDefinitionKey);
        var first = preview.elements().getFirst();
        var step = plan.addMappingInstruction(first.elementId(), first.targetElementId());
        for (ElementMapping e : preview.elements().subList(1, preview.elements().size())) {
          step = step.addMappingInstruction(e.elementId(), e.targetElementId());
        }
        step.send().join();
      } catch (ClientStatusException e) {
        throw Problems.conflict("The engine refused the migration: " + e.getMessage());
      }
    });
    return new Migrated(instanceKey, preview.fromVersion(), preview.targetVersion(), preview.elements());
  }

  /** The engine's element type names (SERVICE_TASK) against the model's (serviceTask). */
  private static boolean sameKind(String type, FlowElement element) {
    return type.replace("_", "").equalsIgnoreCase(element.getElementType().getTypeName())
        || "MULTI_INSTANCE_BODY".equals(type);
  }
}
