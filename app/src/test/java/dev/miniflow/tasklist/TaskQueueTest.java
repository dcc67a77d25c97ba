package dev.miniflow.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.net.URLEncoder;
import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Approvers' queues: filters, the "all" queue, admin assignment, comments, the diff to the live version, races. */
@EmbeddedMiniflowTest
class TaskQueueTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;

  ApiClient admin;
  ApiClient developer;
  ApiClient reviewer;
  ApiClient secondReviewer;
  ApiClient operator;
  String secondReviewerName;
  long ws;
  long app;

  @BeforeEach
  void setUp() {
    String base = "http://localhost:" + port;
    secondReviewerName = "reviewer-" + UUID.randomUUID().toString().substring(0, 6);
    tx.executeWithoutResult(
        s -> workspaces.createAccount(secondReviewerName, "Second reviewer", null, "second-pass-1", "test"));
    ws = TestWorkspaces.create(workspaces, tx, "Queues", Map.of("admin", Set.of(Role.ADMIN),
        "developer", Set.of(Role.DEVELOPER), "reviewer", Set.of(Role.REVIEWER), "operator", Set.of(Role.OPERATOR),
        secondReviewerName, Set.of(Role.REVIEWER)));
    admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    operator = new ApiClient(base, "operator", EmbeddedMiniflowTest.PASSWORD);
    secondReviewer = new ApiClient(base, secondReviewerName, "second-pass-1");
    app = developer.defaultTargetAppId(ws);
  }

  @Test
  void reviewersFilterTheirQueueSeeWhatChangedAdminsAssignAndEveryoneComments() {
    String name = "Queue " + UUID.randomUUID().toString().substring(0, 8);
    long mp = developer.createMiniProgram(ws, name).id();
    long live = request(mp, "1.0.0", TestPackages.valid());
    reviewer.post("/api/v1/tasks/" + Releases.awaitReviewTask(reviewer, live) + "/complete",
        Map.of("decision", "approve", "comment", "ok"));
    Releases.awaitStatus(developer, live, "APPROVED");
    assertThat(operator.post("/api/v1/releases/" + live + "/full").status()).isEqualTo(202);
    Releases.awaitStatus(developer, live, "RELEASED");

    long next = request(mp, "1.1.0", TestPackages.zip(
        "app.json",
        "{\"pages\": [\"pages/index/index\", \"pages/new/new\"], \"window\": {\"navigationBarTitleText\": \"Shop\"}}",
        "app.js", "App({launch: true});",
        "pages/index/index.js", "Page({});",
        "pages/index/index.axml", "<view>Hello</view>",
        "pages/new/new.js", "Page({});"));
    long task = Releases.awaitReviewTask(reviewer, next);

    String targetApp = developer.get("/api/v1/workspaces/" + ws + "/target-apps").body().get(0).get("name").asText();
    assertThat(ids(reviewer, "miniProgram=" + enc(name))).containsExactly(task);
    assertThat(ids(reviewer, "miniProgram=" + enc(name) + "&targetApp=" + enc(targetApp))).containsExactly(task);
    assertThat(ids(reviewer, "miniProgram=" + enc(name) + "&targetApp=nowhere")).isEmpty();
    assertThat(ids(reviewer, "miniProgram=" + enc(name) + "&process=authorization")).isEmpty();
    assertThat(ids(reviewer, "miniProgram=" + enc(name) + "&olderThanHours=1")).isEmpty();
    assertThat(ids(reviewer, "q=" + enc(name + " 1.1.0") + "&sort=PRIORITY&desc=true")).containsExactly(task);
    assertThat(ids(reviewer, "q=" + enc(name) + "&sort=DUE")).containsExactly(task);
    assertThat(reviewer.get("/api/v1/tasks?sort=FASTEST").status()).isEqualTo(400);
    assertThat(reviewer.get("/api/v1/tasks?olderThanHours=-1").status()).isEqualTo(400);
    assertThat(reviewer.get("/api/v1/tasks?q=" + "x".repeat(201)).status()).isEqualTo(400);

    // what changed against the live version, and the target app's rules
    JsonNode sections = reviewer.get("/api/v1/tasks/" + task).body().at("/context/sections");
    assertThat(section(sections, "Files changed against live version 1.0.0"))
        .contains("+ pages/new/new.js", "− pages/about/about.js", "~ app.js", "~ app.json");
    assertThat(section(sections, "app.json changes against live version 1.0.0"))
        .anyMatch(l -> l.startsWith("pages:") && l.contains("pages/new/new"));
    assertThat(sections.toString()).contains("Rules of " + targetApp);

    // an admin who is no reviewer sees it among all open tasks, not among the ones to pick up
    assertThat(ids(admin, "queue=ALL&miniProgram=" + enc(name))).containsExactly(task);
    assertThat(ids(admin, "queue=AVAILABLE&miniProgram=" + enc(name))).isEmpty();

    // assignment: admins only, to a candidate, never to the requester
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/assign", Map.of("assignee", secondReviewerName)).status())
        .isEqualTo(403);
    Reply toRequester = admin.post("/api/v1/tasks/" + task + "/assign", Map.of("assignee", "developer"));
    assertThat(toRequester.status()).isEqualTo(400);
    assertThat(toRequester.text("detail")).contains("not a candidate");
    assertThat(admin.post("/api/v1/tasks/" + task + "/assign", Map.of("assignee", "nobody-at-all")).status())
        .isEqualTo(400);
    Reply assigned = admin.post("/api/v1/tasks/" + task + "/assign", Map.of("assignee", secondReviewerName));
    assertThat(assigned.status()).isEqualTo(200);
    assertThat(assigned.text("assignee")).isEqualTo(secondReviewerName);
    assertThat(Releases.inboxSubjects(secondReviewer)).anyMatch(s -> s.startsWith("Assigned to you: Review release"));
    assertThat(ids(secondReviewer, "queue=MINE")).contains(task);
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/claim").status()).isEqualTo(409);

    // comments, also from reviewers who do not hold the task
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/comments", Map.of("body", "Check the new page")).status())
        .isEqualTo(200);
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/comments", Map.of("body", "  ")).status()).isEqualTo(400);
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/comments", Map.of("body", "x".repeat(2001))).status())
        .isEqualTo(400);
    JsonNode comments = secondReviewer.get("/api/v1/tasks/" + task).body().get("comments");
    assertThat(comments).hasSize(1);
    assertThat(comments.get(0).get("author").asText()).isEqualTo("reviewer");
    assertThat(comments.get(0).get("body").asText()).isEqualTo("Check the new page");
  }

  /**
   * Both approvers read the task as open before either writes: the test holds the task's row lock
   * until both completions wait on it, so each round is a real race, and the one that comes second
   * must lose to the other's committed decision (not to a task it already sees as done).
   */
  @Test
  void twoApproversCompletingTheSameTaskAtOnceExactlyOneWins() throws Exception {
    for (int round = 0; round < 3; round++) {
      long mp = developer.createMiniProgram(ws, "Race " + UUID.randomUUID()).id();
      long release = request(mp, "1.0.0", TestPackages.valid());
      long task = Releases.awaitReviewTask(reviewer, release);
      List<Reply> done;
      try (Connection gate = dataSource.getConnection(); var approvers = Executors.newFixedThreadPool(2)) {
        gate.setAutoCommit(false);
        try (var lock = gate.prepareStatement("select id from user_task where id = ? for update")) {
          lock.setLong(1, task);
          lock.executeQuery().close();
        }
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (ApiClient approver : List.of(reviewer, secondReviewer)) {
          replies.add(CompletableFuture.supplyAsync(() -> approver.post("/api/v1/tasks/" + task + "/complete",
              Map.of("decision", "approve", "comment", "mine")), approvers));
        }
        // both have read the task as open and now wait to write it
        await().atMost(Duration.ofSeconds(20)).until(this::completionsWaitingForTheLock, n -> n == 2);
        gate.rollback();
        done = replies.stream().map(CompletableFuture::join).toList();
      }
      assertThat(done).extracting(Reply::status).containsExactlyInAnyOrder(200, 409);
      Reply loser = done.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
      String winner = done.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().text("completedBy");
      assertThat(loser.text("detail")).startsWith("Someone else was faster: " + winner + " completed this task");
      Releases.awaitStatus(developer, release, "APPROVED");
      assertThat(developer.get("/api/v1/releases/" + release).text("decidedBy")).isEqualTo(winner);
      assertThat(jdbc.sql(
          "select count(*) from audit_event where action = 'task.completed' and subject_type = 'task' and subject_id = :task")
          .param("task", String.valueOf(task)).query(Long.class).single()).as("one decision recorded").isEqualTo(1);
    }
  }

  private long completionsWaitingForTheLock() {
    return jdbc.sql("""
            select count(*) from pg_stat_activity
            where wait_event_type = 'Lock' and query like 'update user_task set state = ''COMPLETED''%'""")
        .query(Long.class).single();
  }

  private long request(long mp, String number, byte[] zip) {
    long version = developer.upload(mp, number, zip).id();
    return developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", app,
        "environment", "PRODUCTION")).releaseId();
  }

  @Test
  void theQueueToPickUpFromShowsEachOpenTaskOfMyGroupsOnceInArrivalOrderPageByPage() {
    String name = "picker-" + UUID.randomUUID().toString().substring(0, 6);
    tx.executeWithoutResult(s -> workspaces.createAccount(name, "Picker", null, "picker-pass-1", "test"));
    long own = TestWorkspaces.create(workspaces, tx, "Picking", Map.of(name, Set.of(Role.REVIEWER, Role.INSPECTOR)));
    ApiClient picker = new ApiClient("http://localhost:" + port, name, "picker-pass-1");
    // 30 for reviewers, 10 for inspectors, 5 for both, 3 for operators, 2 claimed by someone else: one a minute
    List<String[]> groups = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      groups.add(i < 30 ? new String[] {"reviewers"} : i < 40 ? new String[] {"inspectors"}
          : i < 45 ? new String[] {"reviewers", "inspectors"} : new String[] {"operators"});
    }
    List<Long> mine = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String[] audience = java.util.Arrays.stream(groups.get(i)).map(g -> own + ":" + g).toArray(String[]::new);
      String state = i == 47 || i == 48 ? "CLAIMED" : "OPEN";
      long id = jdbc.sql("""
              insert into user_task(job_key, process_instance_key, process_id, element_id, name, workspace_id,
                subject, initiator, candidate_groups, candidate_users, audience, assignee, state, created_at)
              values (:key, :key, 'release', 'ReviewRelease', 'Review release', :ws, :subject, 'developer', :groups,
                '{}', :audience, :assignee, :state, now() - make_interval(mins => 100 - :i))
              returning id""")
          .param("key", -System.nanoTime()).param("ws", own).param("subject", "Picking " + i)
          .param("groups", groups.get(i)).param("audience", audience)
          .param("assignee", state.equals("CLAIMED") ? "someone-else" : null).param("state", state).param("i", i)
          .query(Long.class).single();
      if (i < 45) {
        mine.add(id);
      }
    }
    List<Long> pages = new ArrayList<>(ids(picker, "queue=AVAILABLE"));
    assertThat(pages).hasSize(25);
    pages.addAll(ids(picker, "queue=AVAILABLE&page=1"));
    assertThat(pages).containsExactlyElementsOf(mine);
    assertThat(ids(picker, "queue=AVAILABLE&page=2")).isEmpty();
    // the same through the filtered search, and newest first
    assertThat(ids(picker, "queue=AVAILABLE&process=release")).containsExactlyElementsOf(mine.subList(0, 25));
    assertThat(ids(picker, "queue=AVAILABLE&desc=true")).containsExactlyElementsOf(mine.reversed().subList(0, 25));
    // read to the end page after page by keyset (X-Next-After), on both paths and in both orders
    assertThat(walk(picker, "queue=AVAILABLE")).containsExactlyElementsOf(mine);
    assertThat(walk(picker, "queue=AVAILABLE&process=release")).containsExactlyElementsOf(mine);
    assertThat(walk(picker, "queue=AVAILABLE&desc=true")).containsExactlyElementsOf(mine.reversed());
    String cursor = picker.exchange("/api/v1/tasks?queue=AVAILABLE").getHeaders().getFirst("X-Next-After");
    assertThat(picker.get("/api/v1/tasks?after=" + cursor + "&page=1").status()).isEqualTo(400);
    assertThat(picker.get("/api/v1/tasks?after=" + cursor + "&sort=DUE").status()).isEqualTo(400);
    for (String bad : List.of("abc", "12", "-5-3", "1-2-3", "99999999999999999999-1")) {
      assertThat(picker.get("/api/v1/tasks?after=" + bad).status()).as(bad).isEqualTo(400);
    }

    // a claimed task leaves the queue for everyone, and comes back in its place when handed back
    long third = mine.get(2);
    assertThat(picker.post("/api/v1/tasks/" + third + "/claim").status()).isEqualTo(200);
    assertThat(ids(picker, "queue=AVAILABLE")).doesNotContain(third).contains(mine.get(25));
    assertThat(ids(picker, "queue=MINE")).containsExactly(third);
    assertThat(picker.post("/api/v1/tasks/" + third + "/unclaim").status()).isEqualTo(200);
    assertThat(ids(picker, "queue=AVAILABLE")).containsExactlyElementsOf(mine.subList(0, 25));
  }

  /** Every task of a queue, following X-Next-After from page to page. */
  private static List<Long> walk(ApiClient client, String query) {
    List<Long> ids = new ArrayList<>();
    String after = null;
    do {
      var reply = client.exchange("/api/v1/tasks?" + query + (after == null ? "" : "&after=" + after));
      assertThat(reply.getStatusCode().value()).as(String.valueOf(reply.getBody())).isEqualTo(200);
      reply.getBody().forEach(t -> ids.add(t.get("id").asLong()));
      after = reply.getHeaders().getFirst("X-Next-After");
      assertThat(ids.size()).as("no endless paging").isLessThan(1000);
    } while (after != null);
    return ids;
  }

  private static List<Long> ids(ApiClient client, String query) {
    Reply reply = client.get("/api/v1/tasks?" + query);
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    reply.body().forEach(t -> ids.add(t.get("id").asLong()));
    return ids;
  }

  private static List<String> section(JsonNode sections, String title) {
    for (JsonNode section : sections) {
      if (section.get("title").asText().equals(title)) {
        List<String> lines = new ArrayList<>();
        section.get("lines").forEach(l -> lines.add(l.asText()));
        return lines;
      }
    }
    throw new AssertionError("No section '" + title + "' in " + sections);
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
