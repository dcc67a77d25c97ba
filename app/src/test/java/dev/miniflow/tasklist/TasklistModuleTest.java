package dev.miniflow.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.miniflow.engine.EngineCommands;
import dev.miniflow.engine.EngineStartedEmpty;
import dev.miniflow.engine.ProcessInstanceCanceled;
import dev.miniflow.monitor.InstanceHistory;
import dev.miniflow.notification.Inbox;
import dev.miniflow.processes.FormCatalog;
import dev.miniflow.processes.ProcessCatalog;
import dev.miniflow.processes.ProcessDefinitions;
import dev.miniflow.support.AuditEvent;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.testing.ModuleTestEnvironment;
import dev.miniflow.workspace.WorkspaceAccess;
import io.camunda.client.CamundaClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The task list alone (with support) and what the engine's and the monitor's events do to its
 * queues: tasks whose jobs are gone can no longer be decided, and say why in their history.
 */
@ApplicationModuleTest(extraIncludes = "support")
@ModuleTestEnvironment
class TasklistModuleTest {
  private static final AtomicLong KEYS = new AtomicLong(System.nanoTime());

  // the user-task jobs' client: the jobs behind these tasks are gone or canceled, nothing is told to the engine
  @MockitoBean CamundaClient engine;
  @MockitoBean EngineCommands commands;
  // the other modules' beans the task list's own need
  @MockitoBean WorkspaceAccess access;
  @MockitoBean Inbox inbox;
  @MockitoBean FormCatalog forms;
  @MockitoBean ProcessCatalog processes;
  @MockitoBean ProcessDefinitions definitions;
  @MockitoBean InstanceHistory history;
  @MockitoBean dev.miniflow.workspace.WorkspaceService workspaceService;

  private final UserTaskStore store;
  private final AuditTrail audit;
  private final TransactionTemplate tx;

  TasklistModuleTest(UserTaskStore store, AuditTrail audit, TransactionTemplate tx) {
    this.store = store;
    this.audit = audit;
    this.tx = tx;
  }

  @Test
  void canceledInTheMonitorTheInstancesOpenTasksAreCanceledAndDecidedOnesKept(Scenario scenario) {
    long instance = KEYS.incrementAndGet();
    UserTask open = task(instance, null);
    UserTask claimed = task(instance, "rita");
    UserTask decided = complete(task(instance, null));
    UserTask elsewhere = task(KEYS.incrementAndGet(), null);
    scenario.publish(new ProcessInstanceCanceled(instance, "release", "admin"))
        .andWaitForStateChange(() -> reread(open).state(), s -> s == TaskState.CANCELED)
        .andVerify(s -> {
          assertThat(reread(claimed).state()).isEqualTo(TaskState.CANCELED);
          assertThat(reread(decided).state()).isEqualTo(TaskState.COMPLETED);
          assertThat(reread(elsewhere).state()).isEqualTo(TaskState.OPEN);
          assertThat(audit.forSubject("task", open.id())).extracting(AuditEvent::actor, AuditEvent::action,
              AuditEvent::detail).containsExactly(
                  org.assertj.core.groups.Tuple.tuple("admin", "task.canceled",
                      "Review release: instance canceled"));
          assertThat(audit.forSubject("task", decided.id())).isEmpty();
          verifyNoInteractions(engine, commands);
        });
  }

  @Test
  void afterAnEmptyEngineStartEveryOpenTaskIsCanceledSoItsStepOpensAgain(Scenario scenario) {
    UserTask open = task(KEYS.incrementAndGet(), null);
    UserTask claimed = task(KEYS.incrementAndGet(), "rita");
    UserTask decided = complete(task(KEYS.incrementAndGet(), null));
    scenario.publish(new EngineStartedEmpty())
        .andWaitForStateChange(() -> List.of(reread(open).state(), reread(claimed).state()),
            states -> states.stream().allMatch(s -> s == TaskState.CANCELED))
        .andVerify(states -> {
          assertThat(reread(decided).state()).isEqualTo(TaskState.COMPLETED);
          assertThat(audit.forSubject("task", claimed.id())).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(AuditTrail.SYSTEM);
            assertThat(e.detail()).isEqualTo("Review release: the engine restarted; the step is opened again");
            assertThat(e.workspaceId()).isEqualTo(claimed.workspaceId());
          });
          verifyNoInteractions(engine, commands);
        });
  }

  /**
   * The engine started empty hands out the old engine's keys again: a job of the new one with the
   * key of a finished or canceled task still opens its task, and its second delivery does not.
   */
  @Test
  void aNewEnginesJobWithTheKeyOfAnOldTaskOpensItsOwnTask(Scenario scenario) {
    UserTask interrupted = task(KEYS.incrementAndGet(), null);
    UserTask decided = complete(task(KEYS.incrementAndGet(), null));
    scenario.publish(new EngineStartedEmpty())
        .andWaitForStateChange(() -> reread(interrupted).state(), s -> s == TaskState.CANCELED)
        .andVerify(s -> {
          UserTask reopened = task(interrupted.jobKey(), KEYS.incrementAndGet(), null).orElseThrow();
          UserTask next = task(decided.jobKey(), KEYS.incrementAndGet(), null).orElseThrow();
          assertThat(List.of(reopened.id(), next.id())).doesNotContain(interrupted.id(), decided.id());
          assertThat(reopened.state()).isEqualTo(TaskState.OPEN);
          assertThat(task(interrupted.jobKey(), reopened.processInstanceKey(), null)).as("delivered again").isEmpty();
          assertThat(store.findByJobKey(decided.jobKey())).contains(next);
          assertThat(reread(decided).state()).isEqualTo(TaskState.COMPLETED);
        });
  }

  /** A review task as the user-task worker stores it from a job (assigned when the model names an assignee). */
  private UserTask task(long instance, String assignee) {
    return task(KEYS.incrementAndGet(), instance, assignee).orElseThrow();
  }

  private java.util.Optional<UserTask> task(long jobKey, long instance, String assignee) {
    return tx.execute(s -> store.insertOnce(jobKey, instance, "release", "ReviewRelease", "Review release", 1L, "17",
        "Demo 1.0.0 → Wallet (PRODUCTION)", null, "developer", List.of("developer"), List.of("reviewers"), List.of(),
        assignee, null, null, 1L, 50));
  }

  private UserTask complete(UserTask task) {
    tx.executeWithoutResult(s -> assertThat(store.complete(task.id(), task.lockVersion(), "rita",
        "{\"decision\":\"approve\"}")).isTrue());
    return reread(task);
  }

  private UserTask reread(UserTask task) {
    return store.find(task.id()).orElseThrow();
  }
}
