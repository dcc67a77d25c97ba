package dev.miniflow.processes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Process owners validate and deploy processes and forms over the API; everyone else is refused. */
@EmbeddedMiniflowTest
class ProcessConsoleTest {
  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  ApiClient owner;
  /** The demo admin: also the platform's process owner, who changes the platform defaults. */
  ApiClient platformOwner;
  ApiClient developer;

  @BeforeEach
  void setUp() {
    String base = "http://localhost:" + port;
    owner = new ApiClient(base, "owner", EmbeddedMiniflowTest.PASSWORD);
    platformOwner = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
  }

  static String process(String id, String taskName, String jobType, String formId) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://miniflow.dev">
          <bpmn:process id="%s" name="Console test" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:serviceTask id="Notify" name="%s">
              <bpmn:extensionElements><zeebe:taskDefinition type="%s" /></bpmn:extensionElements>
              <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
            </bpmn:serviceTask>
            <bpmn:userTask id="Review" name="Review">
              <bpmn:extensionElements><zeebe:formDefinition formId="%s" /></bpmn:extensionElements>
              <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
            </bpmn:userTask>
            <bpmn:endEvent id="End"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Notify" />
            <bpmn:sequenceFlow id="f2" sourceRef="Notify" targetRef="Review" />
            <bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """.formatted(id, taskName, jobType, formId);
  }

  /** The platform's release process as shipped, the base of every variant here. */
  static String release() throws java.io.IOException {
    return java.nio.file.Files.readString(java.nio.file.Path.of("../bpmn/release.bpmn"));
  }

  @Test
  void validationNamesEveryProblemWithItsElementAndNothingInvalidIsDeployed() throws Exception {
    JsonNode ok = validate(release().replace("name=\"Notify operators\"", "name=\"Tell the operators\""));
    assertThat(ok.get("valid").asBoolean()).as(ok.toString()).isTrue();

    String broken = release().replace("type=\"release.partner-rejected\"", "type=\"release.teleport\"")
        .replace("formId=\"release-review\"", "formId=\"no-such-form\"");
    JsonNode bad = validate(broken);
    assertThat(bad.get("valid").asBoolean()).isFalse();
    assertThat(bad.get("problems")).anySatisfy(p -> {
      assertThat(p.get("elementId").asText()).isEqualTo("RecordPartnerRejection");
      assertThat(p.get("message").asText()).contains("No Miniflow worker handles the job type 'release.teleport'");
    });
    assertThat(bad.get("problems")).anySatisfy(p -> {
      assertThat(p.get("elementId").asText()).isEqualTo("ReviewRelease");
      assertThat(p.get("message").asText()).contains("'no-such-form' is not deployed");
    });

    int versions = owner.get("/api/v1/processes/release/versions").body().size();
    var refused = platformOwner.postText("/api/v1/processes", MediaType.APPLICATION_XML, broken);
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body().get("problems").findValuesAsText("elementId")).contains("RecordPartnerRejection");
    assertThat(owner.get("/api/v1/processes/release/versions").body()).hasSize(versions);

    assertThat(validate("<definitions>unclosed").get("problems").get(0).get("message").asText())
        .startsWith("This is not a readable BPMN file");
    assertThat(validate("""
        <?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>""")
        .get("problems").get(0).get("message").asText()).contains("DOCTYPE");
    assertThat(validate("   ").get("problems").get(0).get("message").asText()).isEqualTo("The file is empty.");
    String huge = release().replace("name=\"Notify operators\"", "name=\"" + "x".repeat(3 * 1024 * 1024) + "\"");
    // refused before it is read, whole or streamed
    var tooLarge = owner.postTextExpectingRefusal("/api/v1/processes/validate", MediaType.APPLICATION_XML, huge);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.body().get("detail").asText()).contains("larger than the 2112 KB allowed");
  }

  /** The deploy policy on validate and on deploy: a process of its own, a timer start, a step of another kind. */
  @Test
  void theDeployPolicyIsCheckedOnValidateAndOnDeployWithItsReasons() throws Exception {
    String id = "console-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode own = validate(process(id, "Notify", "release.notify", "release-review"));
    assertThat(own.get("problems").get(0).get("message").asText()).contains("Miniflow starts only its own processes");
    var refused = platformOwner.postText("/api/v1/processes", MediaType.APPLICATION_XML,
        process(id, "Notify", "release.notify", "release-review"));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(owner.get("/api/v1/processes/" + id + "/versions").body()).isEmpty();

    String timerStart = DeployPolicyTest.timerStart(release());
    assertThat(validate(timerStart).get("problems")).anySatisfy(p -> {
      assertThat(p.get("elementId").asText()).isEqualTo("ReleaseRequested");
      assertThat(p.get("message").asText()).contains("start event (timer)");
    });
    String foreign = release().replace("type=\"release.package\"", "type=\"removal.take-offline\"");
    var deployRefused = platformOwner.postText("/api/v1/processes", MediaType.APPLICATION_XML, foreign);
    assertThat(deployRefused.status()).isEqualTo(422);
    assertThat(deployRefused.body().get("problems").findValuesAsText("message"))
        .anyMatch(m -> m.contains("'removal.take-offline' is a step of another kind"));
  }

  @Test
  void deployingCreatesAVersionWithAuthorAndChangeSummaryAndAnUnchangedFileNone() throws Exception {
    String original = release();
    String renamed = original.replace("name=\"Notify operators\"", "name=\"Tell the operators\"");
    try {
      JsonNode first = platformOwner.postText("/api/v1/processes", MediaType.APPLICATION_XML, renamed).body();
      assertThat(first.get("changed").asBoolean()).as(first.toString()).isTrue();
      assertThat(first.get("summary").asText())
          .isEqualTo("renamed NotifyApproved 'Notify operators' → 'Tell the operators'");

      JsonNode again = platformOwner.postText("/api/v1/processes", MediaType.APPLICATION_XML, renamed).body();
      assertThat(again.get("changed").asBoolean()).isFalse();
      assertThat(again.get("version").asInt()).isEqualTo(first.get("version").asInt());

      JsonNode versions = platformOwner.get("/api/v1/processes/release/versions").body();
      assertThat(versions.get(0).get("deployedBy").asText()).isEqualTo("admin");
      assertThat(versions.get(0).get("version").asInt()).isEqualTo(first.get("version").asInt());
      var xml = platformOwner.getText("/api/v1/processes/definitions/" + versions.get(0).get("key").asLong() + "/xml");
      assertThat(xml.getBody()).contains("Tell the operators");
      assertThat(xml.getHeaders().getContentDisposition().getFilename())
          .isEqualTo("release-v" + first.get("version").asInt() + ".bpmn");
      // a platform default affects every workspace: each has the deployment in its audit trail
      assertThat(jdbc.sql("select count(distinct workspace_id) from audit_event where actor = 'admin'"
          + " and action = 'process.deployed' and subject_id = 'release' and detail like :v")
          .param("v", "version " + first.get("version").asInt() + ":%").query(Long.class).single())
          .isEqualTo(jdbc.sql("select count(*) from workspace").query(Long.class).single());
    } finally {
      platformOwner.postText("/api/v1/processes", MediaType.APPLICATION_XML, original);
    }
  }

  @Test
  void formsAreCheckedAndDeployedAsNewVersions() throws Exception {
    String id = "console-form-" + UUID.randomUUID().toString().substring(0, 8);
    String form = """
        {"id": "%s", "type": "default", "components": [
          {"type": "textarea", "key": "comment", "label": "Comment"}]}""".formatted(id);
    assertThat(
        owner.postText("/api/v1/forms/validate", MediaType.APPLICATION_JSON, form).body().get("valid").asBoolean())
        .isTrue();
    JsonNode problems = owner.postText("/api/v1/forms/validate", MediaType.APPLICATION_JSON, """
        {"components": [{"key": "a"}, {"type": "textfield", "key": "a"}]}""").body().get("problems");
    assertThat(problems.findValuesAsText("message")).anyMatch(m -> m.contains("\"id\""))
        .anyMatch(m -> m.contains("has no \"type\"")).anyMatch(m -> m.contains("used twice"));
    assertThat(owner.postText("/api/v1/forms/validate", MediaType.APPLICATION_JSON, "{not json").body()
        .get("problems").get(0).get("message").asText()).startsWith("This is not valid JSON");
    assertThat(platformOwner.postText("/api/v1/forms", MediaType.APPLICATION_JSON, "[]").status()).isEqualTo(422);
    // forms are the platform's: a workspace's process owner links them from variants but does not change them
    assertThat(owner.postText("/api/v1/forms", MediaType.APPLICATION_JSON, form).status()).isEqualTo(403);

    assertThat(platformOwner.postText("/api/v1/forms", MediaType.APPLICATION_JSON, form).body().get("version").asInt())
        .isEqualTo(1);
    assertThat(owner.get("/api/v1/forms").body().findValuesAsText("formId")).contains(id);
    // and a process can now link it
    assertThat(validate(release().replace("formId=\"release-review\"", "formId=\"" + id + "\""))
        .get("valid").asBoolean()).isTrue();
  }

  @Test
  void onlyProcessOwnersUseTheConsoleButMembersReadDiagrams() {
    assertThat(developer.get("/api/v1/processes").status()).isEqualTo(403);
    assertThat(developer.postText("/api/v1/processes/validate", MediaType.APPLICATION_XML, "<x/>").status())
        .isEqualTo(403);
    assertThat(developer.postText("/api/v1/processes", MediaType.APPLICATION_XML,
        process("console-x", "Notify", "release.notify", "release-review")).status()).isEqualTo(403);
    assertThat(developer.postText("/api/v1/forms", MediaType.APPLICATION_JSON, "{}").status()).isEqualTo(403);
    long key = owner.get("/api/v1/processes").body().get(0).get("key").asLong();
    assertThat(developer.getText("/api/v1/processes/definitions/" + key + "/xml").getStatusCode().value())
        .isEqualTo(200);
    assertThat(new ApiClient("http://localhost:" + port, null, null)
        .getText("/api/v1/processes/definitions/" + key + "/xml").getStatusCode().value()).isEqualTo(401);
  }

  private JsonNode validate(String xml) {
    var reply = owner.postText("/api/v1/processes/validate", MediaType.APPLICATION_XML, xml);
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
    return reply.body();
  }
}
