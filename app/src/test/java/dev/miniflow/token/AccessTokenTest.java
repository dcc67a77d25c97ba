package dev.miniflow.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.util.EnumSet;
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

/** Access tokens as a CI job and a scraper use them: scopes, revocation, expiry, and their owner's roles. */
@EmbeddedMiniflowTest
class AccessTokenTest {
  private static final String PASSWORD = "token-pass-123";

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  String base;
  String dev;
  String boss;
  long workspaceId;
  ApiClient developer;
  ApiClient admin;

  @BeforeEach
  void workspace() {
    base = "http://localhost:" + port;
    var names = TestWorkspaces.newAccounts(workspaces, tx, PASSWORD, "tok-dev", "tok-admin");
    dev = names.get(0);
    boss = names.get(1);
    workspaceId = TestWorkspaces.create(workspaces, tx, "Tokens",
        Map.of(dev, Set.of(Role.DEVELOPER), boss, Set.of(Role.ADMIN, Role.REVIEWER)));
    developer = new ApiClient(base, dev, PASSWORD);
    admin = new ApiClient(base, boss, PASSWORD);
  }

  @Test
  void anUploadTokenUploadsButCannotRelease() {
    long miniProgram = developer.createMiniProgram(workspaceId, "Tokens " + UUID.randomUUID()).id();
    Reply made = developer.post("/api/v1/me/tokens", Map.of("name", "ci-upload", "scopes", List.of("upload"),
        "expiresInDays", 30));
    assertThat(made.status()).as(String.valueOf(made.body())).isEqualTo(201);
    String secret = made.text("secret");
    assertThat(secret).startsWith("mfp_").hasSize(47);
    ApiClient ci = bearer(secret);

    Reply uploaded = ci.upload(miniProgram, "1.0.0", TestPackages.valid());
    assertThat(uploaded.status()).as(String.valueOf(uploaded.body())).isEqualTo(201);
    long version = uploaded.id();
    // what the token did is the owner's, with the token named beside them
    assertThat(jdbc.sql("select actor || ' / ' || via from audit_event where action = 'version.uploaded'"
        + " and subject_id = :v").param("v", String.valueOf(version)).query(String.class).single())
        .isEqualTo(dev + " / token " + made.body().at("/token/id").asLong() + " 'ci-upload'");

    var release = ci.post("/api/v1/releases", Map.of("versionId", version, "targetAppId",
        developer.defaultTargetAppId(workspaceId), "environment", "PRODUCTION"));
    assertThat(release.status()).isEqualTo(403);
    assertThat(release.text("detail")).contains("'release'");
    assertThat(jdbc.sql("select count(*) from release where version_id = :v").param("v", version)
        .query(Long.class).single()).isZero();
    // nor read: each scope is its own
    assertThat(ci.get("/api/v1/mini-programs/" + miniProgram).status()).isEqualTo(403);
    var refused = ci.exchange("/api/v1/mini-programs/" + miniProgram);
    assertThat(refused.getHeaders().getFirst("WWW-Authenticate")).contains("insufficient_scope", "scope=\"read\"");

    // the list shows the token, its last use, and never its secret; the database keeps only a hash
    Reply list = developer.get("/api/v1/me/tokens");
    assertThat(list.body().get(0).get("name").asText()).isEqualTo("ci-upload");
    assertThat(list.body().get(0).get("lastUsedAt").isNull()).isFalse();
    assertThat(list.body().toString()).doesNotContain(secret.substring(4));
    assertThat(jdbc.sql("select count(*) from access_token where secret_hash like :s or name like :s")
        .param("s", "%" + secret.substring(4, 20) + "%").query(Long.class).single()).isZero();
  }

  @Test
  void revokedExpiredUnknownAndDisabledOwnersTokensAreRefusedWith401() {
    String revoked = token(developer, "revoked", "read");
    String expired = token(developer, "expired", "read");
    assertThat(bearer(revoked).get("/api/v1/workspaces").status()).isEqualTo(200);

    long revokedId = idOf(developer, "revoked");
    Reply revocation = developer.post("/api/v1/me/tokens/" + revokedId + "/revoke");
    assertThat(revocation.text("status")).isEqualTo("REVOKED");
    assertRefused(bearer(revoked), "revoked");
    // someone else cannot revoke (or see) my token
    assertThat(admin.post("/api/v1/me/tokens/" + idOf(developer, "expired") + "/revoke").status()).isEqualTo(404);

    jdbc.sql("update access_token set created_at = now() - interval '2 days', expires_at = now() - interval '1 day'"
        + " where id = :id").param("id", idOf(developer, "expired")).update();
    assertRefused(bearer(expired), "expired");

    assertRefused(bearer("mfp_" + "x".repeat(43)), "unknown");
    // another system's bearer token is no Miniflow token: the API asks for credentials as without one
    assertThat(bearer("not-a-token").get("/api/v1/workspaces").status()).isEqualTo(401);

    String active = token(developer, "active", "read");
    jdbc.sql("update app_user set enabled = false where username = :u").param("u", dev).update();
    try {
      assertRefused(bearer(active), "disabled");
    } finally {
      jdbc.sql("update app_user set enabled = true where username = :u").param("u", dev).update();
    }
    assertThat(bearer(active).get("/api/v1/workspaces").status()).isEqualTo(200);
  }

  @Test
  void aTokenOutlivesNoRoleOfItsOwner() {
    long miniProgram = developer.createMiniProgram(workspaceId, "Roles " + UUID.randomUUID()).id();
    ApiClient ci = bearer(token(developer, "ci", "upload", "read", "admin"));
    assertThat(ci.upload(miniProgram, "1.0.0", TestPackages.valid()).status()).isEqualTo(201);
    assertThat(ci.createMiniProgram(workspaceId, "By token " + UUID.randomUUID()).status()).isEqualTo(201);

    // the admin makes the developer a reviewer only: making mini programs needs DEVELOPER, so the token can't
    assertThat(admin.put("/api/v1/workspaces/" + workspaceId + "/members/" + dev, Map.of("roles",
        List.of("REVIEWER"))).status()).isEqualTo(200);
    Reply refused = ci.createMiniProgram(workspaceId, "After " + UUID.randomUUID());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text("detail")).contains("DEVELOPER");

    // removed from the workspace: nothing of it is there for the token any more
    assertThat(admin.delete("/api/v1/workspaces/" + workspaceId + "/members/" + dev).status()).isIn(200, 204);
    assertThat(ci.upload(miniProgram, "1.0.1", TestPackages.valid()).status()).isEqualTo(404);
    assertThat(ci.get("/api/v1/mini-programs/" + miniProgram).status()).isEqualTo(404);
    assertThat(ci.get("/api/v1/workspaces").body()).isEmpty();
  }

  @Test
  void aMetricsTokenReadsThePrometheusEndpointAndNothingElse() {
    ApiClient scraper = bearer(token(admin, "scraper", "metrics"));
    var metrics = scraper.getText("/actuator/prometheus");
    assertThat(metrics.getStatusCode().value()).isEqualTo(200);
    assertThat(metrics.getBody()).contains("# TYPE");
    assertThat(scraper.get("/api/v1/workspaces").status()).isEqualTo(403);
    assertThat(scraper.getText("/actuator/metrics").getStatusCode().value()).isEqualTo(403);
    assertThat(scraper.getText("/tasks").getStatusCode().value()).isEqualTo(403);
    assertThat(scraper.getText("/actuator/health").getStatusCode().value()).isEqualTo(200);

    // the metrics cover every workspace: a developer's metrics token reads nothing
    ApiClient notAnAdmin = bearer(token(developer, "scraper", "metrics"));
    assertThat(notAnAdmin.getText("/actuator/prometheus").getStatusCode().value()).isEqualTo(403);
    // and a read token is no metrics token
    assertThat(bearer(token(admin, "reader", "read")).getText("/actuator/prometheus").getStatusCode().value())
        .isEqualTo(403);
  }

  @Test
  void aServiceTokenActsOnlyInItsWorkspaceAndItsAdminsManageIt() {
    long other = TestWorkspaces.create(workspaces, tx, "Other", Map.of(boss, EnumSet.of(Role.ADMIN, Role.DEVELOPER)));
    long theirs = admin.createMiniProgram(other, "Theirs " + UUID.randomUUID()).id();
    Reply made = admin.post("/api/v1/workspaces/" + workspaceId + "/service-tokens", Map.of("name", "bot",
        "scopes", List.of("read", "admin")));
    assertThat(made.status()).as(String.valueOf(made.body())).isEqualTo(201);
    assertThat(made.text("secret")).startsWith("mfs_");
    ApiClient bot = bearer(made.text("secret"));

    assertThat(bot.get("/api/v1/workspaces").body().findValues("id").stream().map(n -> n.asLong()).toList())
        .containsExactly(workspaceId);
    assertThat(bot.get("/api/v1/mini-programs/" + theirs).status()).isEqualTo(404);
    assertThat(bot.createMiniProgram(other, "Sneaky").status()).isEqualTo(404);
    assertThat(bot.createMiniProgram(workspaceId, "Bot's " + UUID.randomUUID()).status()).isEqualTo(201);

    // a developer of the workspace neither sees nor revokes it; the admins do
    long id = made.body().at("/token/id").asLong();
    String tokens = "/api/v1/workspaces/" + workspaceId + "/service-tokens";
    assertThat(developer.get(tokens).status()).isEqualTo(403);
    assertThat(developer.post(tokens + "/" + id + "/revoke").status()).isEqualTo(403);
    assertThat(admin.post("/api/v1/workspaces/" + other + "/service-tokens/" + id + "/revoke").status())
        .isEqualTo(404);
    assertThat(admin.post(tokens + "/" + id + "/revoke").text("status")).isEqualTo("REVOKED");
    assertThat(bot.get("/api/v1/workspaces").status()).isEqualTo(401);
  }

  @Test
  void tokensAreManagedWithAPersonsLoginAndBadRequestsChangeNothing() {
    ApiClient ci = bearer(token(developer, "all", "read", "upload", "release", "review", "admin"));
    assertThat(ci.post("/api/v1/me/tokens", Map.of("name", "child", "scopes", List.of("read"))).status())
        .isEqualTo(403);
    assertThat(ci.get("/api/v1/me/tokens").status()).isEqualTo(403);
    // nor invitation links, which would make a login that outlives the token
    ApiClient adminToken = bearer(token(admin, "admin", "admin", "read"));
    assertThat(adminToken.post("/api/v1/workspaces/" + workspaceId + "/invitations", Map.of("email",
        "new@example.com", "roles", List.of("ADMIN"))).status()).isEqualTo(403);
    assertThat(adminToken.get("/api/v1/workspaces/" + workspaceId + "/invitations").status()).isEqualTo(403);

    long before = count();
    assertProblem(developer.post("/api/v1/me/tokens", Map.of("name", "x", "scopes", List.of("everything"))), 400,
        "Unknown scope");
    assertProblem(developer.post("/api/v1/me/tokens", Map.of("name", "x", "scopes", List.of())), 400, "scope");
    assertProblem(developer.post("/api/v1/me/tokens", Map.of("name", "", "scopes", List.of("read"))), 400, "name");
    assertProblem(developer.post("/api/v1/me/tokens", Map.of("name", "x", "scopes", List.of("read"),
        "expiresInDays", 0)), 400, "expiresInDays");
    assertProblem(developer.post("/api/v1/me/tokens", Map.of("name", "x", "scopes", List.of("read"),
        "expiresInDays", 367)), 400, "expiresInDays");
    assertProblem(developer.post("/api/v1/me/tokens", Map.of("name", "all", "scopes", List.of("read"))), 409,
        "exists already");
    assertProblem(developer.post("/api/v1/workspaces/" + workspaceId + "/service-tokens", Map.of("name", "bot",
        "scopes", List.of("read"))), 403, "roles");
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void onTheTokensPageTheSecretIsShownOnceAndNeverKeptInTheSession() {
    SessionClient browser = SessionClient.logIn(base, dev, PASSWORD);
    var made = browser.postForm("/tokens", "name=laptop&scopes=read&scopes=upload&expiresInDays=7");
    assertThat(made.statusCode()).isEqualTo(200);
    assertThat(made.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    var secret = java.util.regex.Pattern.compile("value=\"(mfp_[A-Za-z0-9_-]{43})\"").matcher(made.body());
    assertThat(secret.find()).as("the new token on the page").isTrue();
    assertThat(jdbc.sql("select count(*) from spring_session_attributes"
        + " where position(convert_to(:s, 'UTF8') in attribute_bytes) > 0").param("s", secret.group(1).substring(4))
        .query(Long.class).single()).isZero();
    assertThat(bearer(secret.group(1)).get("/api/v1/workspaces").status()).isEqualTo(200);

    String again = browser.page("/tokens");
    assertThat(again).contains("laptop").doesNotContain(secret.group(1));
    // a bad form is a readable message on the page, and makes nothing
    var bad = browser.postForm("/tokens", "name=&scopes=read");
    assertThat(bad.statusCode()).isEqualTo(302);
    assertThat(browser.page("/tokens")).contains("The name must be 1 to 64 characters");
  }

  private long count() {
    return jdbc.sql("select count(*) from access_token").query(Long.class).single();
  }

  private static void assertProblem(Reply reply, int status, String detail) {
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(status);
    assertThat(reply.text("detail")).contains(detail);
  }

  private void assertRefused(ApiClient client, String why) {
    var answer = client.exchange("/api/v1/workspaces");
    assertThat(answer.getStatusCode().value()).isEqualTo(401);
    assertThat(answer.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
    assertThat(answer.getBody().get("detail").asText()).contains(why);
  }

  private String token(ApiClient owner, String name, String... scopes) {
    Reply made = owner.post("/api/v1/me/tokens", Map.of("name", name, "scopes", List.of(scopes)));
    assertThat(made.status()).as(String.valueOf(made.body())).isEqualTo(201);
    return made.text("secret");
  }

  private static long idOf(ApiClient owner, String name) {
    for (var token : owner.get("/api/v1/me/tokens").body()) {
      if (token.get("name").asText().equals(name) && token.get("status").asText().equals("ACTIVE")) {
        return token.get("id").asLong();
      }
    }
    throw new AssertionError("no active token " + name);
  }

  private ApiClient bearer(String secret) {
    return new ApiClient(base, h -> h.setBearerAuth(secret));
  }
}
