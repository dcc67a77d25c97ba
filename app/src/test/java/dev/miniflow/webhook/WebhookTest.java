package dev.miniflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Webhooks with a real receiver on loopback: signed, after commit, retried until it is back, disabled when it stays down. */
@EmbeddedMiniflowTest
class WebhookTest {
  private static final String PASSWORD = "hook-pass-1234";
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  @Autowired WebhookStore store;
  @Autowired dev.miniflow.support.SealedSecrets secrets;

  WebhookReceiver receiver;
  ApiClient admin;
  ApiClient developer;
  String developerName;
  String adminName;
  long workspaceId;
  String hooks;

  @BeforeEach
  void workspace() {
    receiver = new WebhookReceiver();
    String base = "http://localhost:" + port;
    var names = TestWorkspaces.newAccounts(workspaces, tx, PASSWORD, "hook-admin", "hook-dev");
    String boss = names.get(0);
    adminName = boss;
    developerName = names.get(1);
    workspaceId = TestWorkspaces.create(workspaces, tx, "Hooks", Map.of(boss, Set.of(Role.ADMIN), developerName,
        Set.of(Role.DEVELOPER)));
    admin = new ApiClient(base, boss, PASSWORD);
    developer = new ApiClient(base, developerName, PASSWORD);
    hooks = "/api/v1/workspaces/" + workspaceId + "/webhooks";
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void aReceiverThatIsDownGetsEachSignedEventOnceItIsBack() throws Exception {
    receiver.answer(503);
    long hook = register("release");
    long release = askForARelease();

    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.refused.get() >= 1);
    receiver.answer(204);
    await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(hook).size() >= 2
        && deliveries(hook).stream().allMatch(d -> d.get("state").asText().equals("DELIVERED")));

    List<JsonNode> log = deliveries(hook);
    assertThat(log).allSatisfy(d -> assertThat(receiver.timesAccepted(d.get("id").asText()))
        .as("delivery " + d.get("id")).isEqualTo(1));
    assertThat(receiver.accepted).allSatisfy(call -> assertThat(call.signed()).as(call.id()).isTrue());
    assertThat(log).anySatisfy(d -> assertThat(d.get("attempts").asInt()).isGreaterThan(1));
    assertThat(log).allSatisfy(d -> assertThat(d.get("eventType").asText()).startsWith("release."));

    var requested = receiver.accepted.stream().filter(c -> c.event().equals("release.requested")).findFirst()
        .orElseThrow();
    JsonNode event = JSON.readTree(requested.body());
    assertThat(event.at("/subject/id").asText()).isEqualTo(String.valueOf(release));
    assertThat(event.get("workspaceId").asLong()).isEqualTo(workspaceId);
    assertThat(event.get("actor").asText()).startsWith("hook-dev-");

    // sent again by hand: a new delivery id, delivered once; the first is not repeated
    Reply again = admin.post(hooks + "/" + hook + "/deliveries/" + requested.id() + "/redeliver");
    assertThat(again.status()).isEqualTo(201);
    String second = again.text("id");
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.timesAccepted(second) == 1);
    assertThat(receiver.timesAccepted(requested.id())).isEqualTo(1);
  }

  @Test
  void aWebhookThatKeepsFailingIsDisabledItsAdminsAreToldAndItsEventsWait() {
    receiver.answer(500);
    long hook = register("release", "task");
    askForARelease();

    await().atMost(Duration.ofSeconds(30)).until(() -> !webhook(hook).get("enabled").asBoolean());
    assertThat(webhook(hook).get("disabledReason").asText()).contains("in a row failed", "500");
    assertThat(admin.get("/api/v1/notifications").body().toString()).contains("Webhook disabled");
    assertThat(jdbc.sql("select count(*) from audit_event where action = 'webhook.disabled' and subject_id = :id")
        .param("id", String.valueOf(hook)).query(Long.class).single()).isOne();

    // disabled: nothing is sent, the events wait
    int calls = receiver.refused.get();
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.refused.get() == calls);

    receiver.answer(200);
    assertThat(admin.post(hooks + "/" + hook + "/enable").text("enabled")).isEqualTo("true");
    await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(hook).stream()
        .allMatch(d -> d.get("state").asText().equals("DELIVERED")));
    assertThat(receiver.accepted).isNotEmpty();
  }

  @Test
  void aSlowReceiverDoesNotHoldBackAnotherWebhooksEvents() {
    try (WebhookReceiver slow = new WebhookReceiver()) {
      // longer than a call may take: each of its calls ends by the time-out
      slow.hold(Duration.ofSeconds(20));
      Reply made = admin.post(hooks, Map.of("url", slow.url(), "events", List.of("release", "task")));
      assertThat(made.status()).isEqualTo(201);
      long fast = register("release", "task");

      for (int i = 0; i < 3; i++) {
        askForARelease();
      }
      // the slow receiver still holds its first calls while every event reaches the other
      await().atMost(Duration.ofSeconds(8)).until(() -> deliveries(fast).size() >= 3
          && deliveries(fast).stream().allMatch(d -> d.get("state").asText().equals("DELIVERED")));
      assertThat(slow.accepted).isEmpty();
    }
  }

  @Test
  void accessChangesAndIncidentsAreEventsToo() throws Exception {
    long hook = register("grant", "member", "incident");
    long miniProgram = developer.createMiniProgram(workspaceId, "Roles " + UUID.randomUUID()).id();
    assertThat(admin.put("/api/v1/mini-programs/" + miniProgram + "/members/" + developerName, Map.of("role", "ADMIN"))
        .status()).isLessThan(300);
    assertThat(admin.put("/api/v1/workspaces/" + workspaceId + "/members/" + developerName,
        Map.of("roles", List.of("DEVELOPER", "PROCESS_OWNER"))).status()).isLessThan(300);

    // a variant whose review waits for a variable nobody sets: the step cannot start, an incident opens
    String xml = java.nio.file.Files.readString(java.nio.file.Path.of("../bpmn/release.bpmn"))
        .replace(">=duration(reviewDueIn)<", ">=duration(reviewDueNever)<");
    assertThat(developer.postText("/api/v1/processes?workspaceId=" + workspaceId,
        org.springframework.http.MediaType.APPLICATION_XML, xml).status()).isEqualTo(200);
    long release = askForARelease();
    long instance = dev.miniflow.testing.Releases.release(developer, release).get("processInstanceKey").asLong();

    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted.stream()
        .anyMatch(c -> c.event().equals("incident.created")));
    assertThat(receiver.accepted).extracting(WebhookReceiver.Call::event)
        .contains("mini-program.role-set", "member.roles-changed")
        .allMatch(event -> event.startsWith("grant.") || event.startsWith("mini-program.role")
            || event.startsWith("member.") || event.startsWith("incident."));
    JsonNode incident = JSON.readTree(receiver.accepted.stream().filter(c -> c.event().equals("incident.created"))
        .findFirst().orElseThrow().body());
    assertThat(incident.at("/subject/id").asText()).isEqualTo(String.valueOf(instance));
    assertThat(incident.get("elementId").asText()).isNotBlank();
    assertThat(receiver.accepted).allSatisfy(call -> assertThat(call.signed()).isTrue());
    assertThat(deliveries(hook)).isNotEmpty();
  }

  @Test
  void everyDownloadedEvidenceBundleAndChainExportIsAnEvent() throws Exception {
    register("evidence");
    long release = askForARelease();
    ResponseEntity<byte[]> bundle = admin.getEntity("/api/v1/releases/" + release + "/evidence");
    assertThat(bundle.getStatusCode().value()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.accepted.isEmpty());
    WebhookReceiver.Call call = receiver.accepted.get(0);
    assertThat(call.event()).isEqualTo("evidence.exported");
    assertThat(call.signed()).isTrue();
    JsonNode event = JSON.readTree(call.body());
    assertThat(event.at("/subject/type").asText()).isEqualTo("release");
    assertThat(event.at("/subject/id").asText()).isEqualTo(String.valueOf(release));
    assertThat(event.get("actor").asText()).isEqualTo(adminName);
    assertThat(event.get("detail").asText()).contains(dev.miniflow.support.Sha256.hex(bundle.getBody()));
    // the release's own events are not evidence events
    assertThat(receiver.accepted).extracting(WebhookReceiver.Call::event).containsOnly("evidence.exported");

    // nor does the audit chain leave unannounced
    assertThat(admin.get("/api/v1/workspaces/" + workspaceId + "/audit/chain.json?limit=5").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted.size() == 2);
    JsonNode exported = JSON.readTree(receiver.accepted.get(1).body());
    assertThat(exported.get("type").asText()).isEqualTo("evidence.chain-exported");
    assertThat(exported.at("/subject/type").asText()).isEqualTo("audit-chain");
    assertThat(exported.at("/subject/id").asText()).isEqualTo(String.valueOf(workspaceId));
    assertThat(exported.get("actor").asText()).isEqualTo(adminName);
  }

  @Test
  void aWebhookMayListenToEveryKindOfEvent() {
    List<String> all = java.util.Arrays.stream(WebhookCategory.values()).map(WebhookCategory::code).toList();
    Reply made = admin.post(hooks, Map.of("url", receiver.url(), "events", all));
    assertThat(made.status()).as(String.valueOf(made.body())).isEqualTo(201);
    assertThat(made.body().at("/webhook/events")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void aSecretKeptInPlainTextBeforeSealingIsSealedAndStillSigns() {
    long hook = register("release");
    String secret = jdbc.sql("select 'whsec_' || md5(random()::text)").query(String.class).single();
    jdbc.sql("update webhook set secret = :plain where id = :id").param("plain", secret).param("id", hook).update();
    receiver.secret(secret);

    store.sealPlainSecrets();
    assertThat(storedSecret(hook)).startsWith("sealed:v1:").doesNotContain(secret);
    aReleaseReachesTheReceiverSigned();
  }

  @Test
  void aSecretSealedBeforeSecretsWereBoundToTheirWebhookIsBoundAndStillSigns() {
    long hook = register("release");
    String secret = "whsec_" + UUID.randomUUID().toString().replace("-", "");
    jdbc.sql("update webhook set secret = :sealed where id = :id").param("sealed", secrets.seal(secret, "webhook"))
        .param("id", hook).update();
    receiver.secret(secret);

    store.sealPlainSecrets();
    assertThat(secrets.open(storedSecret(hook), WebhookStore.secretPurpose(hook))).isEqualTo(secret);
    aReleaseReachesTheReceiverSigned();
  }

  /** Someone with database access copies one webhook's sealed secret into another's row. */
  @Test
  void aSecretCopiedFromAnotherWebhookSignsNothing() {
    long theirs = register("member");
    long hook = register("release");
    jdbc.sql("update webhook set secret = (select secret from webhook where id = :from) where id = :to")
        .param("from", theirs).param("to", hook).update();
    store.sealPlainSecrets(); // a restart does not bind it to the webhook it was copied into

    askForARelease();
    await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(hook).stream()
        .anyMatch(d -> d.path("lastError").asText().contains("cannot be opened")));
    assertThat(receiver.accepted).isEmpty();
  }

  @Test
  void onlyAdminsRegisterWebhooksAndBadOnesAreRefusedWithNothingMade() {
    long before = jdbc.sql("select count(*) from webhook").query(Long.class).single();
    assertThat(developer.post(hooks, Map.of("url", receiver.url(), "events", List.of("release"))).status())
        .isEqualTo(403);
    assertProblem(admin.post(hooks, Map.of("url", "http://169.254.169.254/latest", "events", List.of("release"))),
        "internal address");
    assertProblem(admin.post(hooks, Map.of("url", "ftp://example.com", "events", List.of("release"))), "https");
    assertProblem(admin.post(hooks, Map.of("url", receiver.url(), "events", List.of("everything"))), "Unknown event");
    assertProblem(admin.post(hooks, Map.of("url", receiver.url(), "events", List.of())), "at least one");
    assertThat(admin.post(hooks + "/999999/enable").status()).isEqualTo(404);
    assertThat(admin.post(hooks + "/1/deliveries/not-a-uuid/redeliver").status()).isEqualTo(400);
    assertThat(jdbc.sql("select count(*) from webhook").query(Long.class).single()).isEqualTo(before);
  }

  private static void assertProblem(Reply reply, String detail) {
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(400);
    assertThat(reply.text("detail")).contains(detail);
  }

  private long register(String... events) {
    Reply made = admin.post(hooks, Map.of("url", receiver.url(), "events", List.of(events)));
    assertThat(made.status()).as(String.valueOf(made.body())).isEqualTo(201);
    receiver.secret(made.text("secret"));
    assertThat(admin.get(hooks).body().toString()).doesNotContain(made.text("secret"));
    long id = made.body().at("/webhook/id").asLong();
    // a copy of the database does not reveal it
    assertThat(storedSecret(id)).startsWith("sealed:v1:").doesNotContain(made.text("secret"));
    return id;
  }

  private String storedSecret(long hook) {
    return jdbc.sql("select secret from webhook where id = :id").param("id", hook).query(String.class).single();
  }

  /** A release is asked for, and the receiver gets its events signed with the secret it knows. */
  private void aReleaseReachesTheReceiverSigned() {
    askForARelease();
    await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.accepted.isEmpty());
    assertThat(receiver.accepted).allSatisfy(call -> assertThat(call.signed()).isTrue());
  }

  private long askForARelease() {
    long miniProgram = developer.createMiniProgram(workspaceId, "Hooks " + UUID.randomUUID()).id();
    long version = developer.upload(miniProgram, "1.0.0", TestPackages.valid()).id();
    Reply asked = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId",
        developer.defaultTargetAppId(workspaceId), "environment", "PRODUCTION"));
    assertThat(asked.status()).isEqualTo(201);
    return asked.releaseId();
  }

  private JsonNode webhook(long id) {
    for (JsonNode hook : admin.get(hooks).body()) {
      if (hook.get("id").asLong() == id) {
        return hook;
      }
    }
    throw new AssertionError("no webhook " + id);
  }

  private List<JsonNode> deliveries(long hook) {
    var list = new java.util.ArrayList<JsonNode>();
    admin.get(hooks + "/" + hook + "/deliveries").body().forEach(list::add);
    return list;
  }
}
