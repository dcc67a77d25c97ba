package dev.miniflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
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

/** The requests Miniflow takes in: who they say they are, how large they are, where they send Miniflow. */
@EmbeddedMiniflowTest
class TrustBoundaryTest {
  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  String base;
  long demo;

  @BeforeEach
  void setUp() {
    base = "http://localhost:" + port;
    demo = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD).workspaceId();
  }

  private String account(Role... roles) {
    String name = "tb-" + UUID.randomUUID().toString().substring(0, 8);
    tx.executeWithoutResult(s -> {
      workspaces.createAccount(name, name, null, "right-pass-123", "test");
      workspaces.addMember(demo, name, Set.of(roles), "test");
    });
    return name;
  }

  @Test
  void repeatedWrongPasswordsLockTheAccountOutKnownOrNotAndTheLockoutIsAudited() {
    String known = account(Role.DEVELOPER);
    String unknown = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
    for (String name : List.of(known, unknown)) {
      for (int i = 0; i < 5; i++) {
        assertThat(basic(name, "wrong-pass-" + i).statusCode()).isEqualTo(401);
      }
    }
    var locked = basic(known, "right-pass-123");
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    var ghost = basic(unknown, "anything-at-all");
    assertThat(ghost.statusCode()).isEqualTo(429);
    assertThat(ghost.body()).isEqualTo(locked.body());
    assertThat(jdbc.sql("select count(*) from audit_event where action = 'login.locked-out' and subject_id in (:a, :b)")
        .param("a", known).param("b", unknown).query(Long.class).single()).isEqualTo(2);
    // the login form says so too, and does not log the locked account in with its right password
    assertThat(formLogin(known, "right-pass-123")).endsWith("/login?locked");
  }

  @Test
  void invitationAcceptanceIsThrottledToo() {
    String existing = account(Role.DEVELOPER);
    ApiClient admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    String link = admin.post("/api/v1/workspaces/" + demo + "/invitations", Map.of("email", "tb@demo.miniflow.dev",
        "roles", List.of("REVIEWER"))).text("link");
    String token = link.substring(link.lastIndexOf('/') + 1);
    ApiClient anonymous = new ApiClient(base, null, null);
    for (int i = 0; i < 5; i++) {
      assertThat(anonymous.post("/api/v1/invitations/" + token + "/accept",
          Map.of("username", existing, "password", "wrong-password-" + i)).status()).isEqualTo(403);
    }
    var refused = anonymous.post("/api/v1/invitations/" + token + "/accept",
        Map.of("username", existing, "password", "right-pass-123"));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(anonymous.get("/api/v1/invitations/" + token).status()).as("the invitation is still unused")
        .isEqualTo(200);
  }

  @Test
  void apiCallsWithoutASessionCreateNoneAndASessionAlwaysNeedsItsCsrfToken() {
    long before = sessions();
    ApiClient anonymous = new ApiClient(base, null, null);
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    for (int i = 0; i < 20; i++) {
      assertThat(anonymous.get("/api/v1/workspaces").status()).isEqualTo(401);
      assertThat(developer.get("/api/v1/workspaces").status()).isEqualTo(200);
    }
    assertThat(developer.post("/api/v1/workspaces/" + demo + "/mini-programs", Map.of("name", "Stateless "
        + UUID.randomUUID())).status()).isEqualTo(201);
    assertThat(sessions()).isEqualTo(before);

    // a browser session next to Basic credentials: without the CSRF token, nothing happens
    SessionClient browser = SessionClient.logIn(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    assertThat(browser.api().get("/api/v1/workspaces").status()).isEqualTo(200);
    String cookie = browser.cookie();
    String name = "Forged " + UUID.randomUUID();
    ApiClient riding = new ApiClient(base, h -> {
      h.add("Cookie", cookie);
      h.setBasicAuth("developer", EmbeddedMiniflowTest.PASSWORD);
    });
    // refused as credentials the call cannot use (401 with WWW-Authenticate), not as a forbidden change
    assertThat(riding.post("/api/v1/workspaces/" + demo + "/mini-programs", Map.of("name", name)).status())
        .isEqualTo(401);
    assertThat(
        jdbc.sql("select count(*) from mini_program where name = :n").param("n", name).query(Long.class).single())
        .isZero();
  }

  @Test
  void partnerEndpointsOnInternalAddressesAreRefusedAndNothingChanges() {
    ApiClient admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    long app = admin.defaultTargetAppId(demo);
    String before = jdbc.sql("select concat_ws('|', connector, endpoint_url) from target_app where id = :id")
        .param("id", app).query(String.class).single();
    for (String internal : List.of("https://169.254.169.254/latest/meta-data", "https://10.1.2.3/publish",
        "https://192.168.0.10/", "https://[::1]:8443/", "https://127.0.0.2/", "https://0.0.0.0/",
        "https://[::ffff:10.0.0.1]/", "https://100.64.0.1/", "https://user:pass@127.0.0.1/")) {
      var refused = admin.put("/api/v1/target-apps/" + app, Map.of("connector", "http", "endpointUrl", internal,
          "secret", "s3cret-s3cret-s3cret"));
      assertThat(refused.status()).as(internal).isEqualTo(400);
      assertThat(refused.text("detail")).as(internal).containsAnyOf("internal address", "may not carry credentials");
    }
    assertThat(jdbc.sql("select concat_ws('|', connector, endpoint_url) from target_app where id = :id")
        .param("id", app).query(String.class).single()).isEqualTo(before);
  }

  @Test
  void aBodyOverItsLimitIsRefusedBeforeItIsReadWholeOrStreamed() throws Exception {
    // a declared 100 MB callback: the answer comes at once, without one byte of the body sent
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/partner-callbacks/1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      assertThat(status).isEqualTo("HTTP/1.1 413 ");
    }
    // a streamed (chunked) comment of 1 MB stops at the task route's limit
    HttpURLConnection call = (HttpURLConnection) URI.create(base + "/api/v1/tasks/1/comments").toURL().openConnection();
    call.setRequestMethod("POST");
    call.setDoOutput(true);
    call.setChunkedStreamingMode(8192);
    call.setRequestProperty("Content-Type", "application/json");
    call.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
        ("reviewer:" + EmbeddedMiniflowTest.PASSWORD).getBytes(StandardCharsets.UTF_8)));
    try (OutputStream body = call.getOutputStream()) {
      body.write("{\"body\": \"".getBytes(StandardCharsets.UTF_8));
      byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 128; i++) {
        body.write(chunk);
      }
      body.write("\"}".getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException refusedMidway) {
      // the server may answer and close before the whole body was sent
    }
    assertThat(call.getResponseCode()).isEqualTo(413);
  }

  @Test
  void theUploaderOfAVersionCannotApproveItsRelease() {
    String uploader = account(Role.DEVELOPER, Role.REVIEWER);
    ApiClient asUploader = new ApiClient(base, uploader, "right-pass-123");
    long mp = asUploader.createMiniProgram(demo, "Own review " + UUID.randomUUID()).id();
    long version = asUploader.upload(mp, "1.0.0", TestPackages.valid()).id();
    ApiClient admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    long release = admin.post("/api/v1/releases", Map.of("versionId", version, "targetAppId",
        admin.defaultTargetAppId(demo), "environment", "PRODUCTION")).releaseId();
    ApiClient reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    long task = Releases.awaitReviewTask(reviewer, release);
    var claim = asUploader.post("/api/v1/tasks/" + task + "/claim");
    assertThat(claim.status()).isEqualTo(403);
    assertThat(claim.text("detail")).contains("You uploaded this version yourself");
    assertThat(asUploader.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve")).status())
        .isEqualTo(403);
    assertThat(admin.post("/api/v1/tasks/" + task + "/assign", Map.of("assignee", uploader)).status()).isEqualTo(400);
    assertThat(Releases.status(admin, release)).isEqualTo("UNDER_REVIEW");
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve")).status())
        .isEqualTo(200);
    Releases.awaitStatus(admin, release, "APPROVED");
  }

  @Test
  void aGrantGivesNoRolesAndLeavingTheWorkspaceEndsRolesAndGrants() {
    String contributor = account(Role.DEVELOPER);
    ApiClient owner = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient asContributor = new ApiClient(base, contributor, "right-pass-123");
    long mp = owner.createMiniProgram(demo, "Granted " + UUID.randomUUID()).id();
    long grant = asContributor.post("/api/v1/mini-programs/" + mp + "/access-requests", Map.of("scopes",
        List.of("MEMBERS", "UPLOAD"), "days", 7, "justification", "Helping with the launch week")).id();
    long task = Releases.awaitTask(owner, "authorization", grant);
    assertThat(owner.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment", "ok"))
        .status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> "ACTIVE".equals(
        owner.get("/api/v1/access-grants/" + grant).text("status")));

    // a time-limited members grant cannot make anyone, its holder included, a permanent admin
    var selfPromotion = asContributor.put("/api/v1/mini-programs/" + mp + "/members/" + contributor,
        Map.of("role", "ADMIN"));
    assertThat(selfPromotion.status()).isEqualTo(403);
    assertThat(owner.put("/api/v1/mini-programs/" + mp + "/members/" + contributor, Map.of("role", "DEVELOPER"))
        .status()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(20)).until(() -> !asContributor.get("/api/v1/notifications").body().isEmpty());

    ApiClient admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    assertThat(admin.delete("/api/v1/workspaces/" + demo + "/members/" + contributor).status()).isBetween(200, 204);
    assertThat(owner.get("/api/v1/access-grants/" + grant).text("status")).isEqualTo("REVOKED");
    assertThat(owner.get("/api/v1/mini-programs/" + mp + "/members").body().findValuesAsText("username"))
        .doesNotContain(contributor);
    // and the grant's process heard of it: it ends instead of waiting for the expiry
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
            select count(*) from process_instance p join access_grant g on g.process_instance_key = p.process_instance_key
            where g.id = :g and p.state = 'COMPLETED'""").param("g", grant).query(Long.class).single() == 1);
    // what they were told about the workspace went with them, and its process told them nothing more
    assertThat(asContributor.get("/api/v1/notifications").body()).isEmpty();
  }

  /** One Basic call with a plain client (no retries of its own: a 429 must be seen as it is). */
  private java.net.http.HttpResponse<String> basic(String username, String password) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          URI.create(base + "/api/v1/workspaces")).header("Authorization",
              "Basic " + Base64.getEncoder()
                  .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)))
          .build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private long sessions() {
    return jdbc.sql("select count(*) from spring_session").query(Long.class).single();
  }

  /** Logs in through the form as a browser does. @return where the login sends the browser */
  private String formLogin(String username, String password) {
    try {
      var cookies = new java.net.CookieManager();
      var http = java.net.http.HttpClient.newBuilder().cookieHandler(cookies).build();
      String page = http.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/login")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      var csrf = java.util.regex.Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(page);
      assertThat(csrf.find()).isTrue();
      String form = "username=" + username + "&password=" + password + "&_csrf="
          + java.net.URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
      var answer = http.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/login"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
      return answer.headers().firstValue("Location").orElse("");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
