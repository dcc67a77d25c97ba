package dev.miniflow.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.TestWorkspaces;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Invitations (single use, three days), role changes, the last-admin rule and the audit of it all. */
@EmbeddedMiniflowTest
class MembersAndInvitationsTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  String base;
  ApiClient admin;
  ApiClient developer;
  ApiClient anonymous;
  long workspaceId;

  @BeforeEach
  void workspace() {
    base = "http://localhost:" + port;
    workspaceId = TestWorkspaces.create(workspaces, tx, "Team",
        Map.of("admin", Set.of(Role.ADMIN), "developer", Set.of(Role.DEVELOPER)));
    admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    anonymous = new ApiClient(base, null, null);
  }

  @Test
  void anInvitationCreatesAnAccountOnceAndOnlyWithAValidUnexpiredLink() {
    assertThat(developer.post(invitations(), Map.of("email", "x@example.com", "roles", List.of("DEVELOPER"))).status())
        .isEqualTo(403);
    assertThat(admin.post(invitations(), Map.of("email", "not-an-email", "roles", List.of("DEVELOPER"))).status())
        .isEqualTo(400);
    Reply invited = admin.post(invitations(), Map.of("email", "new.dev@example.com", "roles", List.of("DEVELOPER")));
    assertThat(invited.status()).isEqualTo(201);
    String token = token(invited.text("link"));

    Reply offer = anonymous.get("/api/v1/invitations/" + token);
    assertThat(offer.status()).isEqualTo(200);
    assertThat(offer.text("email")).isEqualTo("new.dev@example.com");
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "0".repeat(64);
    assertThat(anonymous.get("/api/v1/invitations/" + forged).status()).isEqualTo(404);
    assertThat(anonymous.post("/api/v1/invitations/" + token + "/accept",
        Map.of("username", "newdev", "password", "short")).status()).isEqualTo(400);

    String username = "newdev" + UUID.randomUUID().toString().substring(0, 6);
    assertThat(anonymous.post("/api/v1/invitations/" + token + "/accept",
        Map.of("username", username, "password", "a-long-password", "displayName", "New Dev")).status()).isEqualTo(204);
    ApiClient newcomer = new ApiClient(base, username, "a-long-password");
    assertThat(newcomer.get("/api/v1/workspaces").body().get(0).get("roles").get(0).asText()).isEqualTo("DEVELOPER");

    Reply again = anonymous.post("/api/v1/invitations/" + token + "/accept",
        Map.of("username", "someoneelse", "password", "a-long-password"));
    assertThat(again.status()).isEqualTo(410);
    assertThat(again.text("detail")).contains("already accepted");

    String expired = token(admin.post(invitations(), Map.of("email", "late@example.com", "roles", List.of("REVIEWER")))
        .text("link"));
    jdbc.sql("update invitation set expires_at = now() - interval '1 minute' where id = :id")
        .param("id", Long.parseLong(expired.substring(0, expired.indexOf('.')))).update();
    Reply tooLate = anonymous.get("/api/v1/invitations/" + expired);
    assertThat(tooLate.status()).isEqualTo(410);
    assertThat(tooLate.text("detail")).contains("expired");
    assertThat(audit("invitation.")).contains("invitation.created", "invitation.accepted");
  }

  @Test
  void anExistingAccountIsLinkedWithItsOwnPassword() {
    String token = token(admin.post(invitations(), Map.of("email", "inspector@demo.miniflow.dev",
        "roles", List.of("INSPECTOR"))).text("link"));
    assertThat(anonymous.post("/api/v1/invitations/" + token + "/accept",
        Map.of("username", "inspector", "password", "wrong-password-1")).status()).isEqualTo(403);
    assertThat(anonymous.post("/api/v1/invitations/" + token + "/accept",
        Map.of("username", "inspector", "password", EmbeddedMiniflowTest.PASSWORD)).status()).isEqualTo(204);
    assertThat(admin.get("/api/v1/workspaces/" + workspaceId + "/members").body().toString()).contains("inspector");
  }

  @Test
  void theLastAdminCannotBeDemotedOrRemoved() {
    Reply demote = admin.put(members() + "/admin", Map.of("roles", List.of("REVIEWER")));
    assertThat(demote.status()).isEqualTo(409);
    assertThat(demote.text("detail")).contains("last admin");
    assertThat(admin.delete(members() + "/admin").status()).isEqualTo(409);
    assertThat(developer.put(members() + "/developer", Map.of("roles", List.of("ADMIN"))).status()).isEqualTo(403);

    assertThat(admin.put(members() + "/developer", Map.of("roles", List.of("ADMIN", "DEVELOPER"))).status())
        .isEqualTo(200);
    assertThat(admin.put(members() + "/admin", Map.of("roles", List.of("REVIEWER"))).status()).isEqualTo(200);
    // now "developer" is the last admin
    assertThat(developer.delete(members() + "/developer").status()).isEqualTo(409);
    assertThat(developer.delete(members() + "/admin").status()).isEqualTo(204);
    assertThat(developer.get(members()).body().toString()).doesNotContain("\"admin\"");
    assertThat(audit(developer, "member.")).contains("member.roles-changed", "member.removed");
  }

  @Test
  void failedLoginsAreAuditedAndAdminsExportTheTrailAsCsv() throws Exception {
    assertThat(new ApiClient(base, "developer", "wrong-password").get("/api/v1/workspaces").status()).isEqualTo(401);
    assertThat(audit("login.failed")).isNotEmpty();

    assertThat(developer.get("/api/v1/workspaces/" + workspaceId + "/audit").status()).isEqualTo(403);
    HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(base + "/api/v1/workspaces/" + workspaceId + "/audit.csv?action=member"))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder()
            .encodeToString(("admin:" + EmbeddedMiniflowTest.PASSWORD).getBytes()))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.body().lines().findFirst().orElse(""))
        .isEqualTo("id,occurred_at,actor,action,subject_type,subject_id,detail,via");
    assertThat(csv.body()).contains("member.added");
    assertThat(dev.miniflow.support.Csv.toString(java.util.List.of("cell"),
        java.util.List.of(java.util.List.of("=HYPERLINK(\"http://evil\")")))).contains("'=HYPERLINK");
  }

  private String invitations() {
    return "/api/v1/workspaces/" + workspaceId + "/invitations";
  }

  private String members() {
    return "/api/v1/workspaces/" + workspaceId + "/members";
  }

  private List<String> audit(String actionPrefix) {
    return audit(admin, actionPrefix);
  }

  private List<String> audit(ApiClient asAdmin, String actionPrefix) {
    List<String> actions = new java.util.ArrayList<>();
    asAdmin.get("/api/v1/workspaces/" + workspaceId + "/audit?action=" + actionPrefix).body()
        .forEach(e -> actions.add(e.get("action").asText()));
    return actions;
  }

  private static String token(String link) {
    return link.substring(link.lastIndexOf('/') + 1);
  }
}
