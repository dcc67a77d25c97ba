package dev.miniflow.removal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.engine.EngineCommands;
import dev.miniflow.engine.EngineStartedEmpty;
import dev.miniflow.engine.ProcessBinding;
import dev.miniflow.engine.ProcessInstanceCanceled;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.notification.Inbox;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.release.LiveReleases;
import dev.miniflow.support.AuditEvent;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.tasklist.TaskIntake;
import dev.miniflow.testing.ModuleRows;
import dev.miniflow.testing.ModuleTestEnvironment;
import dev.miniflow.workspace.WorkspaceAccess;
import io.camunda.client.CamundaClient;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The removal module alone (with support) and what the monitor's and the engine's events do to
 * removals and findings. {@link RemovalProcess} runs for real on a mocked binding and engine
 * commands, and is spied on to see where it restarts each one and with which deadline.
 */
@ApplicationModuleTest(extraIncludes = "support")
@ModuleTestEnvironment
class RemovalModuleTest {
  private static final AtomicLong INSTANCE_KEYS = new AtomicLong(System.nanoTime());

  @MockitoSpyBean RemovalProcess process;
  @MockitoBean ProcessBinding binding;
  @MockitoBean EngineCommands commands;
  @MockitoBean CamundaClient engine;
  // the other modules' beans the removal module's own need; a program's name only goes into subjects
  @MockitoBean(answers = Answers.RETURNS_DEEP_STUBS) MiniProgramService miniPrograms;
  @MockitoBean TargetApps targetApps;
  @MockitoBean LiveReleases releases;
  @MockitoBean dev.miniflow.release.ReleaseQueries releaseQueries;
  @MockitoBean AccessPolicy policy;
  @MockitoBean WorkspaceAccess access;
  @MockitoBean Inbox inbox;
  @MockitoBean TaskIntake tasks;

  private final AuditTrail audit;
  private final JdbcClient jdbc;
  private final ModuleRows rows;

  RemovalModuleTest(AuditTrail audit, JdbcClient jdbc) {
    this.audit = audit;
    this.jdbc = jdbc;
    this.rows = new ModuleRows(jdbc);
  }

  @BeforeEach
  void engineTakesEveryStart() {
    // the binding's transaction without the engine: the started instance's rows are bound to a new key
    when(binding.start(anyString(), anyLong(), any(), any())).thenAnswer(call -> {
      long key = INSTANCE_KEYS.incrementAndGet();
      call.getArgument(3, LongConsumer.class).accept(key);
      return key;
    });
  }

  @Test
  void canceledInTheMonitorAnOpenRemovalEndsWithdrawn(Scenario scenario) {
    long instance = INSTANCE_KEYS.incrementAndGet();
    long open = bind(removal("REQUESTED", "UNDER_REVIEW", null, null, Instant.now()), instance);
    long removed = bind(removal("REQUESTED", "REMOVED", "rita", null, Instant.now()), instance);
    scenario.publish(new ProcessInstanceCanceled(instance, RemovalProcess.REMOVAL_ID, "admin"))
        .andWaitForStateChange(() -> status(open), "WITHDRAWN"::equals)
        .andVerify(status -> {
          assertThat(audit.forSubject("removal", open)).extracting(AuditEvent::actor, AuditEvent::action)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("admin", "removal.withdrawn"));
          assertThat(status(removed)).isEqualTo("REMOVED");
          assertThat(audit.forSubject("removal", removed)).isEmpty();
        });
  }

  @Test
  void afterAnEmptyEngineStartEachOpenRemovalStartsAgainWhereItsRecordsSay(Scenario scenario) {
    Instant warnedAt = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MILLIS);
    long asked = removal("REQUESTED", "UNDER_REVIEW", null, null, Instant.now());
    long approved = removal("REQUESTED", "UNDER_REVIEW", "rita", null, Instant.now());
    long finding = removal("FORCED", "WARNED", null, null, warnedAt);
    long rectified = removal("FORCED", "RECTIFICATION_SUBMITTED", null, "owner", warnedAt);
    long resolved = removal("FORCED", "RESOLVED", "inspector", "owner", warnedAt);

    scenario.publish(new EngineStartedEmpty())
        .andWaitForStateChange(() -> audit.forSubject("removal", rectified))
        .andVerify(entries -> {
          assertThat(recovered(asked)).isEqualTo("Process started again at the review after an engine restart");
          assertThat(recovered(approved)).isEqualTo("Process started again at TakeOffline after an engine restart");
          assertThat(recovered(finding)).isEqualTo("Process started again at WaitJoin after an engine restart");
          assertThat(recovered(rectified))
              .isEqualTo("Process started again at ReviewRectification after an engine restart");
          // the finding keeps its original deadline (seven days from the warning), not seven from now
          String deadline = warnedAt.plus(Duration.ofDays(7)).toString();
          verify(process).startAt(argThat(r -> r.id() == finding), eq(RemovalProcess.FORCE_REMOVAL_ID),
              eq(RemovalProcess.ELEMENT_WAIT_JOIN), argThat(v -> deadline.equals(v.get(RemovalProcess.VAR_DEADLINE))));
          verify(process).startAt(argThat(r -> r.id() == asked), eq(RemovalProcess.REMOVAL_ID), eq(null), any());
          verify(process, never()).startAt(argThat(r -> r.id() == resolved), any(), any(), any());
        });
  }

  @Test
  @SuppressWarnings("unchecked")
  void aReviewTaskIsAboutTheRemovalWaitingForItNotAFinishedOneAnEarlierEngineGaveTheSameKey() {
    // the binding's own choice among the bound rows, without its wait for starts in flight
    when(binding.findWaiting(any(), any())).thenCallRealMethod();
    when(binding.find(any())).thenAnswer(call -> call.getArgument(0, java.util.function.Supplier.class).get());
    // the embedded engine starts empty and hands out its keys again; a finished removal keeps its old one
    long key = INSTANCE_KEYS.incrementAndGet();
    long waiting = bind(removal("FORCED", "RECTIFICATION_SUBMITTED", null, "owner", Instant.now()), key);
    bind(removal("REQUESTED", "REMOVED", "rita", null, Instant.now()), key);
    assertThat(process.waitingForReview(key)).map(Removal::id).contains(waiting);
  }

  private String recovered(long removalId) {
    return audit.forSubject("removal", removalId).stream().filter(e -> e.action().equals("removal.recovered"))
        .map(AuditEvent::detail).reduce((a, b) -> a + " | " + b).orElse(null);
  }

  /** A removal or finding row as its service and steps leave it (they are not what this test is about). */
  private long removal(String kind, String status, String decidedBy, String rectifiedBy, Instant requestedAt) {
    long workspaceId = rows.workspace();
    long miniProgramId = rows.miniProgram(workspaceId);
    return jdbc.sql("""
        insert into removal(workspace_id, mini_program_id, kind, status, release_ids, reason, requested_by,
          requested_at, decided_by, rule, severity, rectified_by)
        values (:ws, :mp, :kind, :status, '{}', 'broken checkout', 'inspector', :at, :decided, :rule, :severity, :rectified)
        returning id""")
        .param("ws", workspaceId).param("mp", miniProgramId).param("kind", kind).param("status", status)
        .param("at", Timestamp.from(requestedAt)).param("decided", decidedBy)
        .param("rule", kind.equals("FORCED") ? "privacy-policy" : null)
        .param("severity", kind.equals("FORCED") ? "MAJOR" : null).param("rectified", rectifiedBy)
        .query(Long.class).single();
  }

  private long bind(long removalId, long instanceKey) {
    jdbc.sql("update removal set process_instance_key = :k where id = :id").param("k", instanceKey)
        .param("id", removalId).update();
    return removalId;
  }

  private String status(long removalId) {
    return jdbc.sql("select status from removal where id = :id").param("id", removalId).query(String.class).single();
  }
}
