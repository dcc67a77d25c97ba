package dev.miniflow.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A workspace's process owner changes a platform process for their workspace only: the variant
 * runs there, every other workspace keeps the platform default and cannot see or change the
 * variant, and no workspace role reaches the platform's defaults.
 */
@EmbeddedMiniflowTest
class WorkspaceVariantTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  String base;
  Tenant a;
  Tenant b;

  /** A workspace with its own admin, process owner and developer. */
  record Tenant(long id, ApiClient admin, ApiClient owner, ApiClient developer) {}

  @BeforeEach
  void setUp() {
    base = "http://localhost:" + port;
    a = tenant("A");
    b = tenant("B");
  }

  private Tenant tenant(String label) {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    long id = tx.execute(s -> {
      long ws = workspaces.createWorkspace("Variant " + label + " " + suffix, "test");
      for (var user : Map.of("adm", Role.ADMIN, "own", Role.PROCESS_OWNER, "dev", Role.DEVELOPER).entrySet()) {
        workspaces.createAccount(user.getKey() + "-" + suffix, user.getKey(), null, "variant-pass-1", "test");
        workspaces.addMember(ws, user.getKey() + "-" + suffix, Set.of(user.getValue()), "test");
      }
      return ws;
    });
    return new Tenant(id, new ApiClient(base, "adm-" + suffix, "variant-pass-1"),
        new ApiClient(base, "own-" + suffix, "variant-pass-1"), new ApiClient(base, "dev-" + suffix, "variant-pass-1"));
  }

  @Test
  void aVariantRunsForItsWorkspaceOnlyAndOthersCannotSeeOrChangeIt() throws Exception {
    String release = Files.readString(Path.of("../bpmn/release.bpmn"));
    // renamed, and trying to put its instances into B's monitor through the variable the monitor reads
    String changed = release.replace("name=\"Notify operators\"", "name=\"Tell our operators\"")
        .replace("<zeebe:taskDefinition type=\"release.notify\" retries=\"3\" />",
            "<zeebe:taskDefinition type=\"release.notify\" retries=\"3\" /><zeebe:ioMapping>"
                + "<zeebe:output source=\"=" + b.id() + "\" target=\"workspaceId\" /></zeebe:ioMapping>");

    // a workspace's process owner cannot change the platform default, only their workspace's variant
    assertThat(a.owner().postText("/api/v1/processes", MediaType.APPLICATION_XML, changed).status()).isEqualTo(403);
    var deployed = a.owner().postText("/api/v1/processes?workspaceId=" + a.id(), MediaType.APPLICATION_XML, changed);
    assertThat(deployed.status()).as(String.valueOf(deployed.body())).isEqualTo(200);
    String variant = deployed.text("bpmnProcessId");
    assertThat(variant).isEqualTo("release.ws-" + a.id());
    assertThat(deployed.text("summary")).contains("New variant of release").contains("Tell our operators");
    long variantKey = deployed.body().get("key").asLong();

    // new instances of A run the variant, B's the platform default
    long inA = developmentRelease(a);
    long inB = developmentRelease(b);
    Releases.awaitStatus(a.developer(), inA, "RELEASED");
    Releases.awaitStatus(b.developer(), inB, "RELEASED");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(processOf(inA)).isEqualTo(variant);
      assertThat(processOf(inB)).isEqualTo("release");
    });

    // the variant's instances stay in A's monitor
    long instanceInA = jdbc.sql("select process_instance_key from release where id = :id").param("id", inA)
        .query(Long.class).single();
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
        "select state from process_instance where process_instance_key = :k").param("k", instanceInA)
        .query(String.class).single().equals("COMPLETED"));
    assertThat(
        jdbc.sql("select count(*) from instance_variable where process_instance_key = :k and name = 'workspaceId'"
            + " and value = :b").param("k", instanceInA).param("b", String.valueOf(b.id())).query(Long.class).single())
        .as("the variant did write B's id").isPositive();
    assertThat(jdbc.sql("select workspace_id from instance_workspace where process_instance_key = :k")
        .param("k", instanceInA).query(Long.class).single()).isEqualTo(a.id());
    assertThat(b.admin().get("/api/v1/monitor/instances").body().toString())
        .doesNotContain(String.valueOf(instanceInA));
    assertThat(b.admin().post("/api/v1/monitor/instances/" + instanceInA + "/cancel").status()).isIn(403, 404);

    // B's process owner neither sees nor changes A's variant
    assertThat(b.owner().get("/api/v1/processes").body().findValuesAsText("bpmnProcessId")).contains("release")
        .doesNotContain(variant);
    assertThat(a.owner().get("/api/v1/processes").body().findValuesAsText("bpmnProcessId")).contains(variant);
    assertThat(b.owner().get("/api/v1/processes/" + variant + "/versions").status()).isEqualTo(404);
    assertThat(b.developer().getText("/api/v1/processes/definitions/" + variantKey + "/xml").getStatusCode().value())
        .isEqualTo(404);
    assertThat(b.owner().postText("/api/v1/processes?workspaceId=" + a.id(), MediaType.APPLICATION_XML, changed)
        .status()).isEqualTo(404);
    String aVariantXml = a.owner().getText("/api/v1/processes/definitions/" + variantKey + "/xml").getBody();
    var intoB = b.owner().postText("/api/v1/processes?workspaceId=" + b.id(), MediaType.APPLICATION_XML, aVariantXml);
    assertThat(intoB.status()).isEqualTo(422);
    assertThat(intoB.body().toString()).contains("variant of workspace " + a.id());

    // the deployment is in A's audit trail, not in B's
    assertThat(audited(a.id(), variant)).isEqualTo(1);
    assertThat(audited(b.id(), variant)).isZero();
  }

  @Test
  void aWorkspaceHasFormsOfItsOwnThatOnlyItsVariantsLink() throws Exception {
    String form = Files.readString(Path.of("../forms/release-review.form"));
    var deployed = a.owner().postText("/api/v1/forms?workspaceId=" + a.id(), MediaType.APPLICATION_JSON, form);
    assertThat(deployed.status()).as(String.valueOf(deployed.body())).isEqualTo(200);
    String formId = deployed.text("formId");
    assertThat(formId).isEqualTo("release-review.ws-" + a.id());
    assertThat(b.owner().get("/api/v1/forms").body().findValuesAsText("formId")).contains("release-review")
        .doesNotContain(formId);
    assertThat(b.owner().get("/api/v1/forms/" + formId).status()).isEqualTo(404);

    String release = Files.readString(Path.of("../bpmn/release.bpmn"))
        .replace("formId=\"release-review\"", "formId=\"" + formId + "\"");
    var bVariant = b.owner().postText("/api/v1/processes?workspaceId=" + b.id(), MediaType.APPLICATION_XML, release);
    assertThat(bVariant.status()).isEqualTo(422);
    assertThat(a.owner().postText("/api/v1/processes?workspaceId=" + a.id(), MediaType.APPLICATION_XML, release)
        .status()).isEqualTo(200);

    // A's review task shows A's form
    long mp = a.developer().createMiniProgram(a.id(), "Own form " + UUID.randomUUID()).id();
    long version = a.developer().upload(mp, "1.0.0", TestPackages.valid()).id();
    long releaseId = a.developer().post("/api/v1/releases", Map.of("versionId", version, "targetAppId",
        a.developer().defaultTargetAppId(a.id()), "environment", "PRODUCTION")).releaseId();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql("""
            select f.form_id from user_task t join form_definition f on f.form_key = t.form_key
            where t.process_id = 'release' and t.business_key = :r""").param("r", String.valueOf(releaseId))
        .query(String.class).list()).containsExactly(formId));
  }

  @Test
  void aWorkspaceAdminCannotObtainAPlatformRole() {
    String admin = a.admin().get("/api/v1/workspaces/" + a.id() + "/members").body().findValuesAsText("username")
        .stream().filter(u -> u.startsWith("adm-")).findFirst().orElseThrow();
    JsonNode refused = a.admin().put("/api/v1/workspaces/" + a.id() + "/members/" + admin,
        Map.of("roles", List.of("ADMIN", "PLATFORM_PROCESS_OWNER"))).body();
    assertThat(refused.get("status").asInt()).isEqualTo(400);
    // the workspace's own process owner role is theirs to take, and still not the platform's
    assertThat(a.admin().put("/api/v1/workspaces/" + a.id() + "/members/" + admin,
        Map.of("roles", List.of("ADMIN", "PROCESS_OWNER"))).status()).isEqualTo(200);
    String release = a.admin().getText("/api/v1/processes/definitions/"
        + a.admin().get("/api/v1/processes/release/versions").body().get(0).get("key").asLong() + "/xml").getBody();
    assertThat(a.admin().postText("/api/v1/processes", MediaType.APPLICATION_XML, release).status()).isEqualTo(403);
    assertThat(jdbc.sql("""
            select count(*) from platform_member p join app_user u on u.id = p.user_id where u.username = :u""")
        .param("u", admin).query(Long.class).single()).isZero();
  }

  private long developmentRelease(Tenant tenant) {
    long mp = tenant.developer().createMiniProgram(tenant.id(), "Variant " + UUID.randomUUID()).id();
    long version = tenant.developer().upload(mp, "1.0.0", TestPackages.valid()).id();
    return tenant.developer().post("/api/v1/releases", Map.of("versionId", version, "targetAppId",
        tenant.developer().defaultTargetAppId(tenant.id()), "environment", "DEVELOPMENT")).releaseId();
  }

  private String processOf(long releaseId) {
    return jdbc.sql("""
            select p.bpmn_process_id from process_instance p join release r on r.process_instance_key = p.process_instance_key
            where r.id = :id""").param("id", releaseId).query(String.class).optional().orElse(null);
  }

  private long audited(long workspaceId, String processId) {
    return jdbc.sql(
        "select count(*) from audit_event where workspace_id = :ws and action = 'process.deployed' and subject_id = :p")
        .param("ws", workspaceId).param("p", processId).query(Long.class).single();
  }
}
