package dev.miniflow.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.miniflow.engine.EngineCommands;
import dev.miniflow.engine.EngineStartedEmpty;
import dev.miniflow.engine.ProcessBinding;
import dev.miniflow.engine.ProcessInstanceCanceled;
import dev.miniflow.notification.Inbox;
import dev.miniflow.support.AuditEvent;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.tasklist.TaskIntake;
import dev.miniflow.testing.ModuleRows;
import dev.miniflow.testing.ModuleTestEnvironment;
import dev.miniflow.workspace.MemberRemoved;
import dev.miniflow.workspace.WorkspaceAccess;
import io.camunda.client.CamundaClient;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The authorization module alone (with support) and what other modules' events do to grants:
 * a member leaving the workspace, an admin's cancel in the monitor, an engine that restarted
 * empty. The engine stays out: {@link AuthorizationProcess} runs for real on a mocked binding and
 * engine commands, and is spied on to see where it restarts each grant.
 */
@ApplicationModuleTest(extraIncludes = "support")
@ModuleTestEnvironment
class AuthorizationModuleTest {
  private static final AtomicLong INSTANCE_KEYS = new AtomicLong(System.nanoTime());

  @MockitoSpyBean AuthorizationProcess process;
  @MockitoBean ProcessBinding binding;
  @MockitoBean EngineCommands commands;
  @MockitoBean CamundaClient engine;
  // the other modules' beans the authorization module's own need
  @MockitoBean MiniProgramDirectory miniPrograms;
  @MockitoBean WorkspaceAccess access;
  @MockitoBean TaskIntake tasks;
  @MockitoBean Inbox inbox;

  private final AuditTrail audit;
  private final JdbcClient jdbc;
  private final ModuleRows rows;

  AuthorizationModuleTest(AuditTrail audit, JdbcClient jdbc) {
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
    when(miniPrograms.find(anyLong())).thenAnswer(call -> Optional.of(
        new MiniProgramDirectory.Listing(call.getArgument(0), 0, "Demo")));
  }

  @Test
  void whoLeavesAWorkspaceLosesTheirMiniProgramRolesAndGrantsThere(Scenario scenario) {
    long workspaceId = rows.workspace();
    long miniProgramId = rows.miniProgram(workspaceId);
    String dev = "dev-" + UUID.randomUUID().toString().substring(0, 8);
    jdbc.sql("""
        insert into mini_program_member(mini_program_id, user_id, role)
        values (:mp, (select id from app_user where username = :u), 'DEVELOPER')""")
        .param("mp", miniProgramId).param("u", account(dev)).update();
    long grant =
        grant(workspaceId, miniProgramId, dev, "ACTIVE", Instant.now(), Instant.now().plus(Duration.ofDays(5)));
    long otherWorkspace = rows.workspace();
    long grantElsewhere = grant(otherWorkspace, rows.miniProgram(otherWorkspace), dev, "ACTIVE", Instant.now(),
        Instant.now().plus(Duration.ofDays(5)));

    scenario.publish(new MemberRemoved(workspaceId, dev, "admin"))
        .andWaitForStateChange(() -> status(grant), "REVOKED"::equals)
        .andVerify(status -> {
          assertThat(jdbc.sql("select count(*) from mini_program_member where mini_program_id = :mp")
              .param("mp", miniProgramId).query(Long.class).single()).isZero();
          assertThat(audit.forSubject("grant", grant)).extracting(AuditEvent::actor, AuditEvent::action)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("admin", "grant.revoked"));
          assertThat(audit.forSubject("member", dev)).extracting(AuditEvent::action, AuditEvent::workspaceId)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("mini-program.roles-ended", workspaceId));
          // its process hears of it; the grant in the other workspace goes on
          verify(commands).publish(engine, AuthorizationProcess.MESSAGE_REVOKED, grant);
          verify(commands, never()).publish(any(), any(), eq(grantElsewhere));
          assertThat(status(grantElsewhere)).isEqualTo("ACTIVE");
        });
  }

  @Test
  void canceledInTheMonitorARequestIsRejectedAndAGrantRevoked(Scenario scenario) {
    long workspaceId = rows.workspace();
    long miniProgramId = rows.miniProgram(workspaceId);
    long instance = INSTANCE_KEYS.incrementAndGet();
    long request = bind(grant(workspaceId, miniProgramId, "dev", "REQUESTED", null, null), instance);
    long active = bind(grant(workspaceId, miniProgramId, "dev", "ACTIVE", Instant.now(),
        Instant.now().plus(Duration.ofDays(5))), instance);
    scenario.publish(new ProcessInstanceCanceled(instance, AuthorizationProcess.PROCESS_ID, "admin"))
        .andWaitForStateChange(() -> status(request) + "," + status(active), "REJECTED,REVOKED"::equals)
        .andVerify(statuses -> {
          assertThat(audit.forSubject("grant", request)).extracting(AuditEvent::actor, AuditEvent::action)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("admin", "grant.rejected"));
          assertThat(audit.forSubject("grant", active)).extracting(AuditEvent::actor, AuditEvent::action)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("admin", "grant.revoked"));
        });
  }

  @Test
  void afterAnEmptyEngineStartEachGrantStartsAgainWhereItsRecordsSay(Scenario scenario) {
    long workspaceId = rows.workspace();
    long miniProgramId = rows.miniProgram(workspaceId);
    Instant now = Instant.now();
    long waiting = grant(workspaceId, miniProgramId, "dev", "REQUESTED", null, null);
    long approved = grant(workspaceId, miniProgramId, "dev", "ACTIVE", null, null);
    long running = grant(workspaceId, miniProgramId, "dev", "ACTIVE", now.minus(Duration.ofDays(20)),
        now.plus(Duration.ofDays(10)));
    long runOut = grant(workspaceId, miniProgramId, "dev", "ACTIVE", now.minus(Duration.ofDays(30)),
        now.minus(Duration.ofHours(1)));
    long ended = grant(workspaceId, miniProgramId, "dev", "REVOKED", now.minus(Duration.ofDays(30)),
        now.plus(Duration.ofDays(1)));

    scenario.publish(new EngineStartedEmpty())
        .andWaitForStateChange(() -> audit.forSubject("grant", runOut))
        .andVerify(entries -> {
          assertThat(recovered(waiting)).isEqualTo("Process started again at the review after an engine restart");
          assertThat(recovered(approved)).isEqualTo("Process started again at Activate after an engine restart");
          assertThat(recovered(running)).isEqualTo("Process started again at GrantActive after an engine restart");
          assertThat(recovered(runOut)).isEqualTo("Process started again at Expire after an engine restart");
          verify(process).startAt(argThat(g -> g.id() == waiting), isNull(), any());
          // the running grant keeps the time it has left: reminded 3 days before its recorded end
          verify(process).startAt(argThat(g -> g.id() == running), eq(AuthorizationProcess.ELEMENT_GRANT_ACTIVE),
              argThat(variables -> remindsAfterAboutSevenDays(variables)));
          verify(process, never()).startAt(argThat(g -> g.id() == ended), any(), any());
          assertThat(audit.forSubject("grant", ended)).isEmpty();
        });
  }

  private static boolean remindsAfterAboutSevenDays(Map<String, Object> variables) {
    Duration remindAfter = Duration.parse(String.valueOf(variables.get(AuthorizationProcess.VAR_REMIND_AFTER)));
    return remindAfter.compareTo(Duration.ofDays(7).minusMinutes(5)) > 0
        && remindAfter.compareTo(Duration.ofDays(7)) <= 0
        && Duration.ofDays(3).toString().equals(variables.get(AuthorizationProcess.VAR_EXPIRE_AFTER));
  }

  private String recovered(long grantId) {
    return audit.forSubject("grant", grantId).stream().filter(e -> e.action().equals("grant.recovered"))
        .map(AuditEvent::detail).reduce((a, b) -> a + " | " + b).orElse(null);
  }

  /** A grant row as the access requests leave it (their service is not what this test is about). */
  private long grant(long workspaceId, long miniProgramId, String grantee, String status, Instant startsAt,
      Instant expiresAt) {
    return jdbc.sql("""
        insert into access_grant(workspace_id, mini_program_id, grantee, scopes, days, justification, status,
          starts_at, expires_at)
        values (:ws, :mp, :grantee, '{upload}', 30, 'to fix the checkout', :status, :starts, :expires) returning id""")
        .param("ws", workspaceId).param("mp", miniProgramId).param("grantee", grantee).param("status", status)
        .param("starts", startsAt == null ? null : Timestamp.from(startsAt))
        .param("expires", expiresAt == null ? null : Timestamp.from(expiresAt))
        .query(Long.class).single();
  }

  private long bind(long grantId, long instanceKey) {
    jdbc.sql("update access_grant set process_instance_key = :k where id = :id").param("k", instanceKey)
        .param("id", grantId).update();
    return grantId;
  }

  private String status(long grantId) {
    return jdbc.sql("select status from access_grant where id = :id").param("id", grantId).query(String.class).single();
  }

  private String account(String username) {
    jdbc.sql("insert into app_user(username, display_name, password_hash) values (:u, :u, '{noop}x')")
        .param("u", username).update();
    return username;
  }
}
