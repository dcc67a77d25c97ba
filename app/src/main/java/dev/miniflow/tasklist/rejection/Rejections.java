package dev.miniflow.tasklist.rejection;

import dev.miniflow.tasklist.TaskAudit;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import dev.miniflow.tasklist.UserTask;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Structured rejections: each workspace's list of reasons (kept by its process owners), the reasons
 * a rejection picks (each optionally pointing at a file or page of the package), and, when the same
 * mini program asks again for the same target app, the earlier reasons as a checklist for the
 * reviewer. Requesters read the reasons of their rejected requests.
 */
@Service
public class Rejections {
  /** The completion values that carry the reasons: {"reasonId": 3, "location": "pages/pay/pay.js"}, … */
  public static final String REASONS = "rejectionReasons";
  /** The checklist answers: {"reasonId": 3, "fixed": true}, … */
  public static final String RECHECKS = "rechecks";
  /** With the answers: the id of the rejected task whose reasons they answer (the one the reviewer was shown). */
  public static final String RECHECK_OF = "recheckOf";
  static final int MAX_REASONS = 100;
  static final int MAX_PICKED = 20;

  private final RejectionStore store;
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final Clock clock;

  Rejections(RejectionStore store, WorkspaceAccess access, AuditTrail audit, Clock clock) {
    this.store = store;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  /** A reason as a rejection cited it. */
  @org.springframework.modulith.NamedInterface("api")
  public record Cited(RejectionReason reason, String location) {}

  public record Picked(long reasonId, String location) {}

  public record Recheck(long reasonId, boolean fixed) {}

  /**
   * What a completion says about reasons, checked, and the remaining values for the task's form.
   *
   * @param rejectedTaskId the earlier rejection the answers are about (null without answers)
   */
  public record Completion(List<Picked> reasons, List<Recheck> rechecks, Long rejectedTaskId,
      Map<String, Object> formValues) {}

  /** The earlier rejection a review task is shown: the task that rejected, what it is about, and its reasons. */
  public record Earlier(long taskId, String businessKey, List<Cited> reasons) {}

  public List<RejectionReason> reasons(long workspaceId) {
    access.requireMember(workspaceId, "Workspace " + workspaceId);
    return store.ofWorkspace(workspaceId, true);
  }

  public record NewReason(String title, String description) {}

  @Transactional
  public RejectionReason add(long workspaceId, NewReason reason) {
    String user = access.require(workspaceId, "Workspace " + workspaceId, Role.PROCESS_OWNER);
    if (store.ofWorkspace(workspaceId, true).size() >= MAX_REASONS) {
      throw Problems.conflict("A workspace keeps at most " + MAX_REASONS + " rejection reasons.");
    }
    String title = Text.name(reason == null ? null : reason.title(), "title", 120);
    long id = store.insert(workspaceId, title, description(reason));
    if (id < 0) {
      throw Problems.conflict("There is already a reason titled '" + title + "'.");
    }
    audit.record(user, TaskAudit.REASON_ADDED, id, workspaceId, title);
    return store.find(id).orElseThrow();
  }

  @Transactional
  public RejectionReason edit(long workspaceId, long id, NewReason reason) {
    String user = access.require(workspaceId, "Workspace " + workspaceId, Role.PROCESS_OWNER);
    RejectionReason existing = ofWorkspace(workspaceId, id);
    String title = Text.name(reason == null ? null : reason.title(), "title", 120);
    try {
      store.update(id, title, description(reason));
    } catch (org.springframework.dao.DuplicateKeyException e) {
      throw Problems.conflict("There is already a reason titled '" + title + "'.");
    }
    audit.record(user, TaskAudit.REASON_EDITED, id, workspaceId, existing.title() + " → " + title);
    return store.find(id).orElseThrow();
  }

  /** A retired reason is no longer offered; rejections that cited it keep it. */
  @Transactional
  public RejectionReason retire(long workspaceId, long id) {
    String user = access.require(workspaceId, "Workspace " + workspaceId, Role.PROCESS_OWNER);
    RejectionReason existing = ofWorkspace(workspaceId, id);
    store.retire(id, clock.instant());
    audit.record(user, TaskAudit.REASON_RETIRED, id, workspaceId, existing.title());
    return store.find(id).orElseThrow();
  }

  /** The active reasons a rejection of the task can pick. */
  public List<RejectionReason> offeredFor(UserTask task) {
    return store.ofWorkspace(task.workspaceId(), false);
  }

  /**
   * Takes the reasons and checklist answers out of a completion's values and checks them: reasons
   * of the task's workspace, still active, only on a rejection, at least one when the workspace
   * keeps a list; answers only about the earlier rejection's reasons.
   */
  public Completion completion(UserTask task, Map<String, ?> submitted) {
    Map<String, Object> rest = new LinkedHashMap<>(submitted);
    Object reasonsValue = rest.remove(REASONS);
    Object rechecksValue = rest.remove(RECHECKS);
    Object recheckOf = rest.remove(RECHECK_OF);
    boolean rejecting = "reject".equals(rest.get("decision"));
    List<Picked> picked = new ArrayList<>();
    for (Map<?, ?> item : items(reasonsValue, REASONS)) {
      long id = id(item.get("reasonId"), REASONS);
      RejectionReason reason = store.find(id).filter(r -> r.workspaceId() == task.workspaceId() && r.active())
          .orElseThrow(() -> Problems.invalid("Rejection reason " + id + " is not one of this workspace's reasons."));
      Object location = item.get("location");
      if (location != null && !(location instanceof String)) {
        throw Problems.invalid("A reason's 'location' is a file or page of the package, as text.");
      }
      String where = location == null || ((String) location).isBlank() ? null
          : Text.name((String) location, "location", 256);
      if (picked.stream().anyMatch(p -> p.reasonId() == reason.id())) {
        throw Problems.invalid("Reason '" + reason.title() + "' is picked twice.");
      }
      picked.add(new Picked(reason.id(), where));
    }
    if (!picked.isEmpty() && !rejecting) {
      throw Problems.invalid("Rejection reasons go with a rejection only.");
    }
    if (picked.size() > MAX_PICKED) {
      throw Problems.invalid("A rejection picks at most " + MAX_PICKED + " reasons.");
    }
    if (rejecting && picked.isEmpty() && !offeredFor(task).isEmpty()) {
      throw Problems.invalid("Pick at least one of the workspace's rejection reasons: the requester sees which.");
    }
    List<Recheck> rechecks = new ArrayList<>();
    List<Map<?, ?>> answers = items(rechecksValue, RECHECKS);
    Long rejectedTaskId = null;
    if (!answers.isEmpty()) {
      Optional<Earlier> shown = earlier(task);
      if (recheckOf == null) {
        throw Problems.invalid("'" + RECHECK_OF + "' names the rejected task whose reasons the answers are about.");
      }
      long of = id(recheckOf, RECHECK_OF);
      if (shown.isEmpty() || shown.get().taskId() != of) {
        throw Problems.conflict("The earlier rejection shown has changed (task " + of + " is not the latest one about"
            + " this mini program and target app). Reload the task and answer its checklist again.");
      }
      rejectedTaskId = of;
      Set<Long> earlier = new TreeSet<>();
      shown.get().reasons().forEach(c -> earlier.add(c.reason().id()));
      for (Map<?, ?> answer : answers) {
        long id = id(answer.get("reasonId"), RECHECKS);
        if (!earlier.contains(id)) {
          throw Problems.invalid("Reason " + id + " was not given when this was rejected before.");
        }
        if (!(answer.get("fixed") instanceof Boolean fixed)) {
          throw Problems.invalid("A checklist answer's 'fixed' is true or false.");
        }
        if (rechecks.stream().noneMatch(r -> r.reasonId() == id)) {
          rechecks.add(new Recheck(id, fixed));
        }
      }
    }
    return new Completion(List.copyOf(picked), List.copyOf(rechecks), rejectedTaskId, rest);
  }

  /** Records what the completion said, in the completing transaction. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void record(UserTask task, Completion completion) {
    completion.reasons().forEach(p -> store.recordRejection(task.id(), p.reasonId(), p.location()));
    completion.rechecks()
        .forEach(r -> store.recordRecheck(task.id(), completion.rejectedTaskId(), r.reasonId(), r.fixed()));
  }

  /** The latest earlier rejection of the same mini program for the same target app, with its reasons. */
  public Optional<Earlier> earlier(UserTask task) {
    if (task.miniProgram() == null) {
      return Optional.empty();
    }
    return store.earlierRejection(task).map(id -> {
      String businessKey = store.businessKeyOf(id);
      return new Earlier(id, businessKey, store.citedBy(id));
    });
  }

  /** The checklist answers given on the task. */
  public List<Recheck> rechecks(UserTask task) {
    return store.rechecksOf(task.id());
  }

  /** The reasons the latest rejection of the business object gave (for its requester); the caller checks access. */
  public List<Cited> about(long workspaceId, String processId, String businessKey) {
    return store.latestRejectionAbout(workspaceId, processId, businessKey).map(store::citedBy).orElse(List.of());
  }

  private RejectionReason ofWorkspace(long workspaceId, long id) {
    return store.find(id).filter(r -> r.workspaceId() == workspaceId)
        .orElseThrow(() -> Problems.notFound("Rejection reason " + id));
  }

  private static String description(NewReason reason) {
    String text = reason == null ? "" : Text.prose(reason.description(), "description", 1000);
    return text.isEmpty() ? null : text;
  }

  private static List<Map<?, ?>> items(Object value, String field) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list) || list.size() > MAX_PICKED * 2) {
      throw Problems.invalid("'" + field + "' is a list of at most " + MAX_PICKED + " entries.");
    }
    List<Map<?, ?>> items = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> map)) {
        throw Problems.invalid("Each entry of '" + field + "' is an object with a 'reasonId'.");
      }
      items.add(map);
    }
    return items;
  }

  private static long id(Object value, String field) {
    if (value instanceof Number n && n.longValue() == n.doubleValue() && n.longValue() > 0) {
      return n.longValue();
    }
    if (value instanceof String s && s.matches("\\d{1,18}")) {
      return Long.parseLong(s);
    }
    throw Problems.invalid("Each entry of '" + field + "' names a 'reasonId' (a number).");
  }
}
