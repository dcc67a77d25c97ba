package dev.miniflow.monitor.batch;

import dev.miniflow.monitor.InstanceHistory;
import dev.miniflow.monitor.ProcessMonitor;
import dev.miniflow.processes.ProcessDefinitions;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Batch operations of the admin monitor: retry every open incident, cancel every running
 * instance, or migrate every running instance of an older version to a newer one, that a filter
 * matches within the admin's workspaces. The preview counts what a start would take; a start fixes
 * that set (up to {@link #MAX_ITEMS}) and {@link BatchRunner} works through it item by item, each
 * as the admin who started it and only while they still administer the item's workspace.
 */
@Service
public class BatchOperations {
  static final int MAX_ITEMS = 500;
  static final int SAMPLE = 20;
  private static final Set<String> STATES = Set.of("ACTIVE", "INCIDENT", "COMPLETED", "CANCELED");

  private final ProcessMonitor monitor;
  private final InstanceHistory history;
  private final BatchStore store;
  private final BatchRunner runner;
  private final AuditTrail audit;
  private final ProcessDefinitions definitions;

  BatchOperations(ProcessMonitor monitor, InstanceHistory history, BatchStore store, BatchRunner runner,
      AuditTrail audit, ProcessDefinitions definitions) {
    this.definitions = definitions;
    this.monitor = monitor;
    this.history = history;
    this.store = store;
    this.runner = runner;
    this.audit = audit;
  }

  /** What a start would take now: how many, and the first few. */
  record BatchPreview(BatchOperation.Kind kind, BatchOperation.Criteria criteria, int count, boolean tooMany, int max,
      List<BatchStore.NewItem> sample) {}

  BatchPreview preview(BatchOperation.Kind kind, BatchOperation.Criteria criteria) {
    monitor.adminWorkspaces(); // who may, before what they asked for
    BatchOperation.Criteria checked = checked(kind, criteria);
    List<BatchStore.NewItem> items = select(kind, checked);
    return new BatchPreview(kind, checked, Math.min(items.size(), MAX_ITEMS), items.size() > MAX_ITEMS, MAX_ITEMS,
        items.subList(0, Math.min(SAMPLE, items.size())));
  }

  @Transactional
  BatchOperation start(BatchOperation.Kind kind, BatchOperation.Criteria criteria) {
    monitor.adminWorkspaces();
    BatchOperation.Criteria checked = checked(kind, criteria);
    List<BatchStore.NewItem> items = select(kind, checked);
    if (items.isEmpty()) {
      throw Problems.conflict(switch (kind) {
        case RETRY_INCIDENTS -> "No open incident matches these filters; nothing was started.";
        case CANCEL_INSTANCES -> "No running instance matches these filters; nothing was started.";
        case MIGRATE_INSTANCES -> "No running instance of an older version matches these filters; nothing was started.";
      });
    }
    if (items.size() > MAX_ITEMS) {
      throw Problems.invalid("More than " + MAX_ITEMS + " match these filters; narrow them (process, text, dates)"
          + " and start again.");
    }
    String user = CurrentUser.username();
    long id = store.insert(kind, checked, user, items);
    Map<Long, Long> perWorkspace = items.stream()
        .collect(Collectors.groupingBy(BatchStore.NewItem::workspaceId, Collectors.counting()));
    perWorkspace.forEach((ws, n) -> audit.record(user, BatchAudit.STARTED, id, ws,
        kind + ": " + n + " of " + items.size() + " items in this workspace"));
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        runner.submit(id);
      }
    });
    return find(id);
  }

  /** The batch with the items of the caller's workspaces, and what became of each since. */
  BatchOperation find(long id) {
    BatchOperation batch = store.find(id, monitor.adminWorkspaces())
        .orElseThrow(() -> Problems.notFound("Batch operation " + id));
    List<Long> keys = batch.items().stream().map(BatchOperation.Item::processInstanceKey).distinct().toList();
    Map<Long, InstanceHistory.Instance> instances = history.instancesOf(keys).stream()
        .collect(Collectors.toMap(InstanceHistory.Instance::key, Function.identity()));
    Map<Long, List<InstanceHistory.Incident>> open = history.openIncidentsOf(keys).stream()
        .collect(Collectors.groupingBy(InstanceHistory.Incident::processInstanceKey));
    List<BatchOperation.Item> items = batch.items().stream()
        .map(item -> withOutcome(batch.kind(), item, instances.get(item.processInstanceKey()),
            open.getOrDefault(item.processInstanceKey(), List.of())))
        .toList();
    return new BatchOperation(batch.id(), batch.kind(), batch.criteria(), batch.createdBy(), batch.createdAt(),
        batch.finishedAt(), batch.total(), batch.done(), batch.failed(), items);
  }

  List<BatchOperation> recent() {
    return store.recent(monitor.adminWorkspaces(), 20);
  }

  /**
   * A retried incident failed again when its instance has an open incident raised after the retry;
   * otherwise the instance's state says how it went on.
   */
  private static BatchOperation.Item withOutcome(BatchOperation.Kind kind, BatchOperation.Item item,
      InstanceHistory.Instance instance, List<InstanceHistory.Incident> open) {
    if (!"DONE".equals(item.state())) {
      return item;
    }
    String outcome;
    String message = null;
    var again = open.stream().filter(i -> item.doneAt() != null && !i.createdAt().isBefore(item.doneAt()))
        .findFirst();
    if (kind == BatchOperation.Kind.RETRY_INCIDENTS && again.isPresent()) {
      outcome = "FAILED_AGAIN";
      String error = again.get().errorMessage() == null ? "" : again.get().errorMessage();
      message = error.lines().findFirst().orElse(""); // the worker's message, without its stack trace
    } else if (instance == null) {
      outcome = kind == BatchOperation.Kind.CANCEL_INSTANCES ? "CANCELED" : "RUNNING";
    } else {
      outcome = "ACTIVE".equals(instance.state()) ? "RUNNING" : instance.state();
    }
    return new BatchOperation.Item(item.no(), item.processInstanceKey(), item.incidentKey(), item.workspaceId(),
        item.subject(), item.state(), item.message(), item.doneAt(), outcome, message);
  }

  private List<BatchStore.NewItem> select(BatchOperation.Kind kind, BatchOperation.Criteria criteria) {
    List<Long> workspaces = monitor.adminWorkspaces();
    // a retry takes instances with an open incident; a cancel running ones (those with incidents run too)
    String state = switch (kind) {
      case RETRY_INCIDENTS -> criteria.state() == null || "ACTIVE".equals(criteria.state()) ? "INCIDENT"
          : criteria.state();
      case CANCEL_INSTANCES, MIGRATE_INSTANCES -> criteria.state() == null ? "ACTIVE" : criteria.state();
    };
    var filter = new InstanceHistory.Filter(criteria.process(), state, criteria.q(), criteria.from(),
        criteria.to());
    List<InstanceHistory.Instance> instances = history.instances(workspaces, filter, MAX_ITEMS + 1, 0).stream()
        .filter(i -> "ACTIVE".equals(i.state())).toList();
    List<BatchStore.NewItem> items = new ArrayList<>();
    if (kind == BatchOperation.Kind.CANCEL_INSTANCES) {
      instances.forEach(i -> items.add(new BatchStore.NewItem(i.key(), null, i.workspaceId(), subject(i))));
      return items;
    }
    if (kind == BatchOperation.Kind.MIGRATE_INSTANCES) {
      int version = definitions.byKey(criteria.targetDefinitionKey()).orElseThrow().version();
      instances.stream().filter(i -> i.version() < version)
          .forEach(i -> items.add(new BatchStore.NewItem(i.key(), null, i.workspaceId(), subject(i))));
      return items;
    }
    Map<Long, InstanceHistory.Instance> byKey = instances.stream()
        .collect(Collectors.toMap(InstanceHistory.Instance::key, Function.identity()));
    for (InstanceHistory.Incident incident : history.openIncidentsOf(byKey.keySet())) {
      InstanceHistory.Instance instance = byKey.get(incident.processInstanceKey());
      items.add(new BatchStore.NewItem(instance.key(), incident.key(), instance.workspaceId(), subject(instance)));
    }
    return items;
  }

  private static String subject(InstanceHistory.Instance instance) {
    String subject = instance.bpmnProcessId() + (instance.subject() == null ? "" : ": " + instance.subject());
    return subject.length() > 500 ? subject.substring(0, 500) : subject;
  }

  private BatchOperation.Criteria checked(BatchOperation.Kind kind, BatchOperation.Criteria criteria) {
    if (kind == null) {
      throw Problems.invalid("Say what to do: RETRY_INCIDENTS or CANCEL_INSTANCES.");
    }
    BatchOperation.Criteria c = criteria == null ? new BatchOperation.Criteria(null, null, null, null, null, null)
        : criteria;
    String state = blank(c.state()) ? null : c.state().strip();
    if (state != null && !STATES.contains(state)) {
      throw Problems.invalid("The state is one of " + new TreeSet<>(STATES) + ".");
    }
    if (c.from() != null && c.to() != null && !c.from().isBefore(c.to())) {
      throw Problems.invalid("'from' comes before 'to'.");
    }
    String process = blank(c.process()) ? null : Text.name(c.process(), "process", 100);
    if (kind == BatchOperation.Kind.MIGRATE_INSTANCES) {
      if (c.targetDefinitionKey() == null) {
        throw Problems.invalid("Name the process version to migrate to (targetDefinitionKey).");
      }
      // the instances of that version's process, whatever the filter named
      process = definitions.byKey(c.targetDefinitionKey()).map(d -> d.bpmnProcessId())
          .orElseThrow(() -> Problems.invalid("No process version " + c.targetDefinitionKey() + " is recorded."));
    }
    return new BatchOperation.Criteria(process, state, blank(c.q()) ? null : Text.name(c.q(), "search text", 200),
        c.from(), c.to(), kind == BatchOperation.Kind.MIGRATE_INSTANCES ? c.targetDefinitionKey() : null);
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
