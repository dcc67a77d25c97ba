package dev.miniflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ReflectionUtils;

/**
 * The engine carries no authority. Each test deploys a process straight to the engine, as anyone
 * who can write a model could, that calls Miniflow's workers with forged ids, decisions and
 * deciders. Every such job fails with an incident and an audit entry, and nothing changes: the
 * release under review stays under review.
 */
@EmbeddedMiniflowTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgedProcessTest {
  /** Every job type Miniflow has a worker for: a new worker without an attack here fails the coverage test. */
  static final List<String> JOB_TYPES = List.of(
      "release.validate", "release.record-decision", "release.package", "release.roll-out", "release.notify",
      "release.close-stopped", "release.partner-rejected", "release.advance-phase",
      "authorization.record-decision", "authorization.activate", "authorization.remind-expiry",
      "authorization.expire", "authorization.escalate", "authorization.notify",
      "removal.record-decision", "removal.take-offline", "removal.warn-owners",
      "removal.record-rectification-review", "removal.notify", "removal.close-withdrawn",
      "feature-permission.record-decision", "feature-permission.notify",
      "listing-change.record-decision", "listing-change.publish", "listing-change.notify",
      "task.remind", "task.escalate", "io.camunda.zeebe:userTask");

  @LocalServerPort int port;
  @Autowired CamundaClient engine;
  @Autowired JdbcClient jdbc;
  @Autowired ApplicationContext context;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  ApiClient developer;
  ApiClient reviewer;
  long underReview;
  long live;
  long grant;
  long removal;
  long capabilityGrant;
  long listingChange;
  long otherWorkspace;

  @BeforeAll
  void objectsWorthForging() {
    String base = "http://localhost:" + port;
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    long ws = developer.workspaceId();
    long target = developer.defaultTargetAppId(ws);
    long a = developer.createMiniProgram(ws, "Forged A " + UUID.randomUUID()).id();
    long b = developer.createMiniProgram(ws, "Forged B " + UUID.randomUUID()).id();
    underReview = developer.post("/api/v1/releases", Map.of("versionId", developer.upload(a, "1.0.0",
        TestPackages.valid()).id(), "targetAppId", target, "environment", "PRODUCTION")).releaseId();
    live = developer.post("/api/v1/releases", Map.of("versionId", developer.upload(b, "1.0.0",
        TestPackages.valid()).id(), "targetAppId", target, "environment", "DEVELOPMENT")).releaseId();
    Releases.awaitStatus(developer, underReview, "UNDER_REVIEW");
    Releases.awaitStatus(developer, live, "RELEASED");
    removal = developer.post("/api/v1/removals", Map.of("miniProgramId", b, "targetAppId", target,
        "environment", "DEVELOPMENT", "reason", "Forged test: asked for, never decided")).id();

    String contributor = "forger-" + UUID.randomUUID().toString().substring(0, 8);
    tx.executeWithoutResult(s -> {
      workspaces.createAccount(contributor, "Contributor", null, "forger-pass-1", "test");
      workspaces.addMember(ws, contributor, Set.of(Role.DEVELOPER), "test");
    });
    grant = new ApiClient(base, contributor, "forger-pass-1").post("/api/v1/mini-programs/" + a + "/access-requests",
        Map.of("scopes", List.of("UPLOAD", "MEMBERS"), "days", 30, "justification", "I would like to forge things"))
        .id();
    otherWorkspace = tx.execute(s -> workspaces.createWorkspace("Forged other " + UUID.randomUUID(), "test"));
    // a capability waiting for its review, and a listing change waiting for its own (written directly:
    // reaching it needs a live production release)
    ApiClient admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    String code = "forged" + UUID.randomUUID().toString().substring(0, 6);
    assertThat(admin.put("/api/v1/target-apps/" + target + "/capabilities/" + code,
        Map.of("name", "Forged capability", "reviewed", true)).status()).isEqualTo(200);
    capabilityGrant = developer.post("/api/v1/mini-programs/" + a + "/capability-requests", Map.of("targetAppId",
        target, "capabilities", List.of(code), "justification", "Forged test", "useDescription", "Never decided"))
        .body().get(0).get("id").asLong();
    listingChange = jdbc.sql("""
            insert into listing_change(workspace_id, mini_program_id, target_app_id, status, listing, previous,
              requested_by) values (:ws, :mp, :app, 'APPROVED', '{"description": "forged"}', '{}', 'developer')
            returning id""").param("ws", ws).param("mp", b).param("app", target).query(Long.class).single();
    await().atMost(Duration.ofSeconds(30)).until(() -> Releases.reviewTask(reviewer, underReview) != null
        && status("access_grant", grant).equals("REQUESTED") && status("removal", removal).equals("UNDER_REVIEW"));
  }

  @Test
  void everyWorkerJobTypeHasAnAttackHere() {
    Set<String> workers = new TreeSet<>();
    for (String name : context.getBeanDefinitionNames()) {
      Class<?> type = context.getType(name);
      if (type != null && type.getPackageName().startsWith("dev.miniflow")) {
        ReflectionUtils.doWithMethods(AopUtils.isAopProxy(type) ? type.getSuperclass() : type, method -> {
          JobWorker worker = method.getAnnotation(JobWorker.class);
          if (worker != null) {
            workers.add(worker.type());
          }
        });
      }
    }
    assertThat(new TreeSet<>(JOB_TYPES)).isEqualTo(workers);
  }

  @ParameterizedTest
  @MethodSource("jobTypes")
  void aForgedJobIsRefusedAndChangesNothing(String jobType) {
    Snapshot before = snapshot();
    long instance = runForged(jobType, serviceTask(jobType));
    awaitRefused(instance, 1);
    assertThat(snapshot()).isEqualTo(before);
    assertThat(jdbc.sql("select count(*) from user_task where process_instance_key = :k").param("k", instance)
        .query(Long.class).single()).isZero();
  }

  List<String> jobTypes() {
    return JOB_TYPES;
  }

  @Test
  void aMultiInstanceOverIdsReachesNoneOfThem() {
    Snapshot before = snapshot();
    String body = """
        <bpmn:serviceTask id="Forged" name="Forged">
          <bpmn:extensionElements><zeebe:taskDefinition type="release.package" /></bpmn:extensionElements>
          <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
          <bpmn:multiInstanceLoopCharacteristics>
            <bpmn:extensionElements>
              <zeebe:loopCharacteristics inputCollection="=[%d, %d]" inputElement="releaseId" />
            </bpmn:extensionElements>
          </bpmn:multiInstanceLoopCharacteristics>
        </bpmn:serviceTask>""".formatted(underReview, live);
    long instance = runForged("release.package", body);
    awaitRefused(instance, 2);
    assertThat(snapshot()).isEqualTo(before);
  }

  /**
   * A changed release process that skips the review still cannot approve: the decision step finds
   * no completed review task of its instance, and the release stays under review.
   */
  @Test
  void aReleaseProcessWithoutItsReviewLeavesTheReleaseUnderReview() throws Exception {
    String original = Files.readString(Path.of("../bpmn/release.bpmn"), StandardCharsets.UTF_8);
    String skipping = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="skip" targetNamespace="http://miniflow.dev">
          <bpmn:process id="release" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:subProcess id="PerTarget"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
              <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>
                <zeebe:loopCharacteristics inputCollection="=releaseIds" inputElement="releaseId" />
              </bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
              <bpmn:startEvent id="S2"><bpmn:outgoing>g1</bpmn:outgoing></bpmn:startEvent>
              <bpmn:serviceTask id="Validate"><bpmn:extensionElements><zeebe:taskDefinition type="release.validate" />
                </bpmn:extensionElements><bpmn:incoming>g1</bpmn:incoming><bpmn:outgoing>g2</bpmn:outgoing></bpmn:serviceTask>
              <bpmn:serviceTask id="Decide"><bpmn:extensionElements><zeebe:taskDefinition type="release.record-decision" retries="1" />
                <zeebe:ioMapping><zeebe:input source="=&quot;approve&quot;" target="decision" />
                <zeebe:input source="=&quot;reviewer&quot;" target="completedBy" /></zeebe:ioMapping>
                </bpmn:extensionElements><bpmn:incoming>g2</bpmn:incoming><bpmn:outgoing>g3</bpmn:outgoing></bpmn:serviceTask>
              <bpmn:serviceTask id="Publish"><bpmn:extensionElements><zeebe:taskDefinition type="release.roll-out" />
                </bpmn:extensionElements><bpmn:incoming>g3</bpmn:incoming><bpmn:outgoing>g4</bpmn:outgoing></bpmn:serviceTask>
              <bpmn:endEvent id="E2"><bpmn:incoming>g4</bpmn:incoming></bpmn:endEvent>
              <bpmn:sequenceFlow id="g1" sourceRef="S2" targetRef="Validate" />
              <bpmn:sequenceFlow id="g2" sourceRef="Validate" targetRef="Decide" />
              <bpmn:sequenceFlow id="g3" sourceRef="Decide" targetRef="Publish" />
              <bpmn:sequenceFlow id="g4" sourceRef="Publish" targetRef="E2" />
            </bpmn:subProcess>
            <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="PerTarget" />
            <bpmn:sequenceFlow id="f2" sourceRef="PerTarget" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;
    long releaseId;
    try {
      engine.newDeployResourceCommand().addResourceStringUtf8(skipping, "release.bpmn").send().join();
      long mp = developer.createMiniProgram(developer.workspaceId(), "Skipped " + UUID.randomUUID()).id();
      releaseId = developer.post("/api/v1/releases", Map.of("versionId", developer.upload(mp, "1.0.0",
          TestPackages.valid()).id(), "targetAppId", developer.defaultTargetAppId(developer.workspaceId()),
          "environment", "PRODUCTION")).releaseId();
    } finally {
      // the platform default again, through the console, for every test after this one
      ApiClient platformOwner = new ApiClient("http://localhost:" + port, "admin", EmbeddedMiniflowTest.PASSWORD);
      assertThat(platformOwner.postText("/api/v1/processes", MediaType.APPLICATION_XML, original).status())
          .isEqualTo(200);
    }
    long instance = jdbc.sql("select process_instance_key from release where id = :id").param("id", releaseId)
        .query(Long.class).single();
    awaitRefused(instance, 1);
    JsonNode release = Releases.release(developer, releaseId);
    assertThat(release.get("status").asText()).isEqualTo("UNDER_REVIEW");
    assertThat(release.path("decidedBy").isNull() || release.path("decidedBy").isMissingNode()).isTrue();
    assertThat(jdbc.sql("select detail from audit_event where action = 'process.step-refused' and subject_id = :id")
        .param("id", String.valueOf(releaseId)).query(String.class).list())
        .singleElement().asString().contains("release.record-decision", "no completed review task");
    developer.post("/api/v1/releases/" + releaseId + "/withdraw");
    Releases.awaitStatus(developer, releaseId, "WITHDRAWN");
  }

  // --- forged processes

  /** A service task (or user task) of the job type with every forged input a model can give it. */
  private String serviceTask(String jobType) {
    String inputs = """
        <zeebe:ioMapping>
          <zeebe:input source="=%d" target="releaseId" />
          <zeebe:input source="=%d" target="grantId" />
          <zeebe:input source="=%d" target="removalId" />
          <zeebe:input source="=%d" target="capabilityGrantId" />
          <zeebe:input source="=%d" target="listingChangeId" />
          <zeebe:input source="=&quot;%d&quot;" target="businessKey" />
          <zeebe:input source="=%d" target="workspaceId" />
          <zeebe:input source="=&quot;approve&quot;" target="decision" />
          <zeebe:input source="=&quot;Looks fine&quot;" target="comment" />
          <zeebe:input source="=&quot;reviewer&quot;" target="completedBy" />
          <zeebe:input source="=&quot;developer&quot;" target="requester" />
          <zeebe:input source="=&quot;partner says no&quot;" target="partnerReason" />
        </zeebe:ioMapping>""".formatted(underReview, grant, removal, capabilityGrant, listingChange, underReview,
        otherWorkspace);
    if (jobType.equals("io.camunda.zeebe:userTask")) {
      return """
          <bpmn:userTask id="Forged" name="Forged review">
            <bpmn:extensionElements>
              <zeebe:assignmentDefinition candidateGroups="reviewers" />
              <zeebe:formDefinition formId="release-review" />
              %s
            </bpmn:extensionElements>
            <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
          </bpmn:userTask>""".formatted(inputs);
    }
    return """
        <bpmn:serviceTask id="Forged" name="Forged">
          <bpmn:extensionElements><zeebe:taskDefinition type="%s" retries="3" />%s</bpmn:extensionElements>
          <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
        </bpmn:serviceTask>""".formatted(jobType, inputs);
  }

  /** Deploys a one-step process around the element and starts it with forged variables. @return its instance key */
  private long runForged(String jobType, String element) {
    String id = "forged-" + jobType.replaceAll("[^a-z]", "-") + "-" + UUID.randomUUID().toString().substring(0, 6);
    String xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://miniflow.dev">
          <bpmn:process id="%s" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            %s
            <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Forged" />
            <bpmn:sequenceFlow id="f2" sourceRef="Forged" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """.formatted(id, element);
    engine.newDeployResourceCommand().addResourceStringUtf8(xml, id + ".bpmn").send().join();
    return engine.newCreateInstanceCommand().bpmnProcessId(id).latestVersion()
        .variables(Map.of("releaseIds", List.of(underReview, live), "workspaceId", otherWorkspace,
            "requester", "developer"))
        .send().join().getProcessInstanceKey();
  }

  /** The refusals are audited and the instance has as many open incidents: an admin sees them. */
  private void awaitRefused(long instance, int jobs) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(jdbc.sql("select count(*) from audit_event where action = 'process.step-refused' and detail like :k")
          .param("k", "% in process instance " + instance + " %").query(Long.class).single())
          .as("refusals of %d among %s", instance, jdbc.sql(
              "select detail from audit_event where action = 'process.step-refused' order by id desc limit 5")
              .query(String.class).list())
          .isEqualTo(jobs);
      assertThat(jdbc.sql("select count(*) from incident where process_instance_key = :k and state = 'ACTIVE'")
          .param("k", instance).query(Long.class).single())
          .as("incidents of %d among %s", instance, jdbc.sql(
              "select concat(process_instance_key, ' ', error_message) from incident order by created_at desc limit 5")
              .query(String.class).list())
          .isEqualTo(jobs);
    });
  }

  // --- what must not change

  record Snapshot(List<String> rows, List<String> audit, long publications, long tasks) {}

  private Snapshot snapshot() {
    List<String> rows = new ArrayList<>();
    rows.addAll(jdbc.sql("""
            select concat_ws('|', id, status, decided_by, decision_comment, bundle_sha256, pending_stage, partner_status)
            from release where id in (:a, :b) order by id""")
        .param("a", underReview).param("b", live).query(String.class).list());
    rows.addAll(jdbc.sql(
        "select concat_ws('|', id, status, decided_by, starts_at, expires_at, ended_by) from access_grant where id = :id")
        .param("id", grant).query(String.class).list());
    rows.addAll(jdbc.sql("select concat_ws('|', id, status, decided_by, decision_comment) from removal where id = :id")
        .param("id", removal).query(String.class).list());
    rows.addAll(jdbc.sql("select concat_ws('|', id, status, decided_by) from capability_grant where id = :id")
        .param("id", capabilityGrant).query(String.class).list());
    rows.addAll(
        jdbc.sql("select concat_ws('|', id, status, decided_by, published_at) from listing_change where id = :id")
            .param("id", listingChange).query(String.class).list());
    List<String> audit = jdbc.sql("""
            select concat_ws('|', id, action, subject_type, subject_id) from audit_event
            where action <> 'process.step-refused' and (subject_type, subject_id) in
              (('release', :a), ('release', :b), ('grant', :g), ('removal', :r))
            order by id""")
        .param("a", String.valueOf(underReview)).param("b", String.valueOf(live))
        .param("g", String.valueOf(grant)).param("r", String.valueOf(removal)).query(String.class).list();
    long publications = jdbc.sql("select count(*) from partner_publication").query(Long.class).single();
    long tasks = jdbc.sql("select count(*) from user_task").query(Long.class).single();
    return new Snapshot(rows, audit, publications, tasks);
  }

  private String status(String table, long id) {
    return jdbc.sql("select status from " + table + " where id = :id").param("id", id).query(String.class).single();
  }
}
