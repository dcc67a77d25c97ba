package dev.miniflow.monitor;

import dev.miniflow.processes.ProcessDefinitions;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Instance modification: an admin moves a running instance's token from one element to another
 * of the same (sub-)process. Miniflow's steps are idempotent and read their object's row, so a
 * step may run again; what must not happen is a step left out or a decision taken twice. So a
 * move forward may only pass gateways and events (no step is skipped, above all no review), a
 * move back may not pass a user task (a decision already taken is not opened again), and a token
 * waiting in a user task stays there. Anything else is refused, naming what it would skip.
 */
@Service
public class InstanceModifications {
  private final ProcessMonitor monitor;
  private final ProcessDefinitions definitions;
  private final CamundaClient engine;
  private final AuditTrail audit;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  InstanceModifications(ProcessMonitor monitor, ProcessDefinitions definitions, CamundaClient engine,
      AuditTrail audit, JdbcClient jdbc, TransactionTemplate tx) {
    this.monitor = monitor;
    this.definitions = definitions;
    this.engine = engine;
    this.audit = audit;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  public record Moved(long instanceKey, String from, String to, List<String> passed) {}

  public Moved move(long instanceKey, String from, String to) {
    InstanceHistory.Instance instance = monitor.instance(instanceKey);
    String user = CurrentUser.username();
    if (!"ACTIVE".equals(instance.state())) {
      throw Problems.conflict("Only a running instance can be modified; this one is " + instance.state() + ".");
    }
    if (from == null || from.isBlank() || to == null || to.isBlank() || from.equals(to)) {
      throw Problems.invalid("Name the element the token is at (from) and another one to move it to (to).");
    }
    List<long[]> active = jdbc.sql("select element_instance_key, flow_scope_key from element_instance"
        + " where process_instance_key = :k and element_id = :e and state = 'ACTIVE'").param("k", instanceKey)
        .param("e", from).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
    if (active.size() != 1) {
      throw Problems.conflict(active.isEmpty() ? "No token is at '" + from + "' in this instance."
          : "'" + from + "' is active " + active.size() + " times (once per target app); move one at a time is not"
              + " possible here: cancel or retry instead.");
    }
    BpmnModelInstance model = model(instance.processDefinitionKey());
    FlowNode source = node(model, from);
    FlowNode target = node(model, to);
    if (source.getParentElement() != target.getParentElement()) {
      throw Problems.invalid("'" + to + "' is not in the same (sub-)process as '" + from + "'.");
    }
    if (target instanceof BoundaryEvent || target instanceof StartEvent) {
      throw Problems.invalid("A token cannot be moved onto a start or boundary event ('" + to + "').");
    }
    if (source instanceof UserTask) {
      // forward it would skip the decision, back it would close the task undecided
      throw Problems.conflict("Refused: the move would skip the review " + from + ": the token waits there for a"
          + " decision, taken only in its task (or cancel the instance).");
    }
    List<String> passed = checked(model, source, target);
    long[] token = active.getFirst();
    // the audit entry first, in the transaction the engine's answer decides: no move goes unrecorded
    tx.executeWithoutResult(status -> {
      audit.record(user, MonitorAudit.INSTANCE_MODIFIED, instanceKey, instance.workspaceId(), "token moved from "
          + from + " to " + to + (passed.isEmpty() ? "" : " past " + String.join(", ", passed)));
      try {
        var command = engine.newModifyProcessInstanceCommand(instanceKey);
        var activate = token[1] > 0 ? command.activateElement(to, token[1]) : command.activateElement(to);
        activate.and().terminateElement(token[0]).send().join();
      } catch (ClientStatusException e) {
        throw Problems.conflict("The engine refused the move: " + e.getMessage());
      }
    });
    return new Moved(instanceKey, from, to, passed);
  }

  /** The ids of the flow nodes of the instance's process, for the move form. */
  public List<String> elements(InstanceHistory.Instance instance) {
    return model(instance.processDefinitionKey()).getModelElementsByType(FlowNode.class).stream()
        .filter(n -> !(n instanceof BoundaryEvent) && !(n instanceof StartEvent)).map(FlowNode::getId).sorted()
        .toList();
  }

  /** The gateways and events a move passes; refused when it would skip a step or reopen a decision. */
  private static List<String> checked(BpmnModelInstance model, FlowNode source, FlowNode target) {
    Map<FlowNode, Set<FlowNode>> next = successors(model);
    Map<FlowNode, Set<FlowNode>> previous = new HashMap<>();
    next.forEach((node, after) -> after.forEach(a -> previous.computeIfAbsent(a, k -> new HashSet<>()).add(node)));
    boolean forward = reach(source, next).contains(target);
    FlowNode start = forward ? source : target;
    FlowNode end = forward ? target : source;
    if (!forward && !reach(target, next).contains(source)) {
      throw Problems.conflict("'" + target.getId() + "' is neither before nor after '" + source.getId()
          + "' in this process: the move would leave the business object's status behind.");
    }
    Set<FlowNode> between = new HashSet<>(reach(start, next));
    between.retainAll(reach(end, previous));
    between.remove(start);
    between.remove(end);
    Set<String> steps = new TreeSet<>();
    Set<String> decisions = new TreeSet<>();
    Set<String> passed = new TreeSet<>();
    for (FlowNode node : between) {
      (node instanceof UserTask ? decisions : node instanceof Activity ? steps : passed).add(node.getId());
    }
    if (forward) {
      if (source instanceof Activity) {
        throw Problems.conflict("Refused: the move would skip " + source.getId() + " itself, which keeps the"
            + " business object's status; retry it (or cancel the instance) instead.");
      }
      // allowed when some path gets there through gateways and events only: then no step is left out
      if (!reachWithoutSteps(source, target, next)) {
        if (!decisions.isEmpty()) {
          throw Problems.conflict("Refused: the move would skip the review " + String.join(", ", decisions)
              + "; a decision is only taken in its task.");
        }
        throw Problems.conflict("Refused: the move would skip " + String.join(", ", steps) + ", which keep the "
            + "business object's status; move to the first of them instead.");
      }
    } else {
      if (target instanceof UserTask) {
        decisions.add(target.getId());
      }
      if (!decisions.isEmpty()) {
        throw Problems.conflict("Refused: moving back would open " + String.join(", ", decisions)
            + " again, a decision already taken.");
      }
      passed.addAll(steps); // steps run again: each finds its work done, or does it
    }
    return List.copyOf(passed);
  }

  /** Where a token goes from each node: its outgoing flows, and the boundary events attached to it. */
  private static Map<FlowNode, Set<FlowNode>> successors(BpmnModelInstance model) {
    Map<FlowNode, Set<FlowNode>> next = new HashMap<>();
    for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
      next.computeIfAbsent(flow.getSource(), k -> new HashSet<>()).add(flow.getTarget());
    }
    for (BoundaryEvent boundary : model.getModelElementsByType(BoundaryEvent.class)) {
      next.computeIfAbsent(boundary.getAttachedTo(), k -> new HashSet<>()).add(boundary);
    }
    return next;
  }

  private static Set<FlowNode> reach(FlowNode from, Map<FlowNode, Set<FlowNode>> edges) {
    return reach(from, edges, node -> true);
  }

  /** Whether a token at {@code from} can get to {@code to} passing no task (only gateways and events). */
  private static boolean reachWithoutSteps(FlowNode from, FlowNode to, Map<FlowNode, Set<FlowNode>> edges) {
    return reach(from, edges, node -> !(node instanceof Activity)).contains(to);
  }

  /** The nodes reachable from {@code from}, going on only through those {@code through} accepts. */
  private static Set<FlowNode> reach(FlowNode from, Map<FlowNode, Set<FlowNode>> edges,
      java.util.function.Predicate<FlowNode> through) {
    Set<FlowNode> seen = new HashSet<>();
    Deque<FlowNode> todo = new ArrayDeque<>(edges.getOrDefault(from, Set.of()));
    while (!todo.isEmpty()) {
      FlowNode node = todo.pop();
      if (seen.add(node) && through.test(node)) {
        todo.addAll(edges.getOrDefault(node, Set.of()));
      }
    }
    return seen;
  }

  private BpmnModelInstance model(long definitionKey) {
    return definitions.byKey(definitionKey)
        .orElseThrow(() -> Problems.conflict("The process version of this instance is not recorded here."))
        .model();
  }

  private static FlowNode node(BpmnModelInstance model, String id) {
    if (model.getModelElementById(id) instanceof FlowNode node) {
      return node;
    }
    throw Problems.invalid("'" + id + "' is no element of this process version.");
  }
}
