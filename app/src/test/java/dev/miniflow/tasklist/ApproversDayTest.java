package dev.miniflow.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.engine.embedded.EmbeddedInfrastructure;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The approver's day through the API, each in a workspace of its own: out of office, saved views,
 * bulk decisions, structured rejections with their checklist on the next request, due dates that
 * remind and escalate on the engine's clock, and the forecast of late tasks.
 */
@EmbeddedMiniflowTest
class ApproversDayTest {
  static final String PASS = "day-pass-1";
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  @Autowired @Qualifier(EmbeddedInfrastructure.ENGINE_BEAN) ZeebeTestEngine engine;

  String suffix;
  String reviewerName;
  String secondName;
  String ownerName;
  ApiClient admin;
  ApiClient developer;
  ApiClient reviewer;
  ApiClient second;
  ApiClient owner;
  long ws;
  long app;

  @BeforeEach
  void setUp() {
    String base = "http://localhost:" + port;
    suffix = UUID.randomUUID().toString().substring(0, 6);
    reviewerName = "rev-" + suffix;
    secondName = "rev2-" + suffix;
    ownerName = "po-" + suffix;
    tx.executeWithoutResult(s -> {
      workspaces.createAccount(reviewerName, "Reviewer", null, PASS, "test");
      workspaces.createAccount(secondName, "Second reviewer", null, PASS, "test");
      workspaces.createAccount(ownerName, "Process owner", null, PASS, "test");
    });
    ws = TestWorkspaces.create(workspaces, tx, "Day", Map.of("admin", Set.of(Role.ADMIN),
        "developer", Set.of(Role.DEVELOPER), reviewerName, Set.of(Role.REVIEWER, Role.DEVELOPER), secondName,
        Set.of(Role.REVIEWER),
        ownerName, Set.of(Role.PROCESS_OWNER)));
    admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    reviewer = new ApiClient(base, reviewerName, PASS);
    second = new ApiClient(base, secondName, PASS);
    owner = new ApiClient(base, ownerName, PASS);
    app = developer.defaultTargetAppId(ws);
  }

  @Test
  void aHeldTaskIsHandedToTheDelegateWhoDecidesItButNeverToTheRequester() {
    long release = request(program("Away"), "1.0.0", TestPackages.valid());
    long task = Releases.awaitReviewTask(reviewer, release);
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/claim").status()).isEqualTo(200);

    // the delegate is away too: a warning, not a refusal
    Reply secondAway = second.post("/api/v1/workspaces/" + ws + "/delegations", Map.of("delegate", "admin",
        "endsAt", Instant.now().plus(Duration.ofDays(2)).toString()));
    assertThat(secondAway.status()).isEqualTo(201);
    Reply away = reviewer.post("/api/v1/workspaces/" + ws + "/delegations", Map.of("delegate", secondName,
        "endsAt", Instant.now().plus(Duration.ofDays(5)).toString(), "processes", List.of("release"),
        "note", "Back on Monday"));
    assertThat(away.status()).isEqualTo(201);
    assertThat(away.body().get("warnings").toString()).contains(secondName + " is out of office too");
    long delegation = away.body().at("/delegation/id").asLong();
    assertThat(page(reviewerName, PASS, "/tasks/out-of-office")).contains(secondName, "Back on Monday",
        "Hand over my tasks", "I am back");
    assertThat(reviewer.post("/api/v1/workspaces/" + ws + "/delegations", Map.of("delegate", secondName,
        "endsAt", Instant.now().plus(Duration.ofDays(1)).toString())).status()).as("overlapping").isEqualTo(409);
    assertThat(second.post("/api/v1/me/delegations/" + delegation + "/hand-over").status()).isEqualTo(403);

    JsonNode handedOver = reviewer.post("/api/v1/me/delegations/" + delegation + "/hand-over").body();
    assertThat(handedOver).hasSize(1);
    assertThat(handedOver.get(0).get("handedOver").asBoolean()).isTrue();
    assertThat(reviewer.get("/api/v1/tasks/" + task).body().at("/task/assignee").asText()).isEqualTo(secondName);
    assertThat(second.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment",
        "Standing in")).status()).isEqualTo(200);
    assertThat(Releases.awaitStatus(developer, release, "APPROVED").get("decidedBy").asText()).isEqualTo(secondName);
    assertThat(actions(task)).contains("task.delegated");

    // handed to the person who asked for it: refused, and they still cannot decide it
    long other = request(program("Own"), "1.0.0", TestPackages.valid());
    long otherTask = Releases.awaitReviewTask(second, other);
    assertThat(second.post("/api/v1/tasks/" + otherTask + "/claim").status()).isEqualTo(200);
    assertThat(second.post("/api/v1/me/delegations/" + secondAway.body().at("/delegation/id").asLong() + "/end")
        .status()).isEqualTo(200);
    long toRequester = second.post("/api/v1/workspaces/" + ws + "/delegations", Map.of("delegate", "developer",
        "endsAt", Instant.now().plus(Duration.ofDays(1)).toString())).body().at("/delegation/id").asLong();
    JsonNode refused = second.post("/api/v1/me/delegations/" + toRequester + "/hand-over").body();
    assertThat(refused.get(0).get("handedOver").asBoolean()).isFalse();
    assertThat(refused.get(0).get("detail").asText()).contains("developer asked for this", "four-eyes");
    assertThat(developer.post("/api/v1/tasks/" + otherTask + "/complete", Map.of("decision", "approve")).status())
        .isIn(403, 404);
    assertThat(Releases.status(developer, other)).isEqualTo("UNDER_REVIEW");

    // handed to someone who is no reviewer: refused too
    assertThat(second.post("/api/v1/me/delegations/" + toRequester + "/end").status()).isEqualTo(200);
    long toOwner = second.post("/api/v1/workspaces/" + ws + "/delegations", Map.of("delegate", ownerName,
        "endsAt", Instant.now().plus(Duration.ofDays(1)).toString())).body().at("/delegation/id").asLong();
    JsonNode noRole = second.post("/api/v1/me/delegations/" + toOwner + "/hand-over").body();
    assertThat(noRole.get(0).get("handedOver").asBoolean()).isFalse();
    assertThat(noRole.get(0).get("detail").asText()).contains(ownerName + " holds none of the roles");
    assertThat(reviewer.get("/api/v1/tasks/" + otherTask).body().at("/task/assignee").asText()).isEqualTo(secondName);
  }

  @Test
  void aNewTaskForSomeoneAwayIsOfferedToTheDelegateUnlessTheDelegateAskedForIt() {
    // the mini program's admin (developer, its creator) is asked in person for access to it
    long mp = program("Access");
    String contributorName = "contrib-" + suffix;
    tx.executeWithoutResult(s -> {
      workspaces.createAccount(contributorName, "Contributor", null, PASS, "test");
      workspaces.addMember(ws, contributorName, Set.of(Role.DEVELOPER), "test");
    });
    ApiClient contributor = new ApiClient("http://localhost:" + port, contributorName, PASS);
    Reply away = developer.post("/api/v1/workspaces/" + ws + "/delegations", Map.of("delegate", reviewerName,
        "endsAt", Instant.now().plus(Duration.ofDays(3)).toString()));
    assertThat(away.status()).isEqualTo(201);
    Reply asked = contributor.post("/api/v1/mini-programs/" + mp + "/access-requests", Map.of("scopes",
        List.of("UPLOAD"), "days", 10, "justification", "Help with the release"));
    assertThat(asked.status()).as(String.valueOf(asked.body())).isEqualTo(201);
    long grant = asked.id();
    long task = Releases.awaitTask(reviewer, "authorization", grant);
    assertThat(Releases.inboxSubjects(reviewer)).anyMatch(s -> s.startsWith("New task"));
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment",
        "For developer")).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVE".equals(jdbc.sql(
        "select status from access_grant where id = :g").param("g", grant).query(String.class).single()));

    // the delegate's own request is not offered to them
    Reply ownAsked = reviewer.post("/api/v1/mini-programs/" + mp + "/access-requests", Map.of("scopes",
        List.of("UPLOAD"), "days", 10, "justification", "I would like to upload"));
    assertThat(ownAsked.status()).as(String.valueOf(ownAsked.body())).isEqualTo(201);
    long own = ownAsked.id();
    long ownTask = Releases.awaitTask(developer, "authorization", own);
    assertThat(Releases.task(reviewer, "authorization", own)).isNull();
    assertThat(reviewer.post("/api/v1/tasks/" + ownTask + "/complete", Map.of("decision", "approve", "comment",
        "mine")).status()).isIn(403, 404);
    assertThat(jdbc.sql("select detail from audit_event where action = 'task.delegated' and subject_id = :t")
        .param("t", String.valueOf(ownTask)).query(String.class).list()).anyMatch(d -> d.contains("four-eyes"));

    // back from holidays: what was offered and is still unclaimed is no longer the delegate's
    String laterName = "later-" + suffix;
    tx.executeWithoutResult(s -> {
      workspaces.createAccount(laterName, "Later", null, PASS, "test");
      workspaces.addMember(ws, laterName, Set.of(Role.DEVELOPER), "test");
    });
    long later = new ApiClient("http://localhost:" + port, laterName, PASS).post("/api/v1/mini-programs/" + mp
        + "/access-requests",
        Map.of("scopes", List.of("UPLOAD"), "days", 5, "justification", "Help with the next release")).id();
    long laterTask = Releases.awaitTask(reviewer, "authorization", later);
    assertThat(developer.post("/api/v1/me/delegations/" + away.body().at("/delegation/id").asLong() + "/end")
        .status()).isEqualTo(200);
    assertThat(Releases.task(reviewer, "authorization", later)).isNull();
    assertThat(Releases.task(developer, "authorization", later)).isEqualTo(laterTask);
  }

  @Test
  void aSharedViewIsVisibleToItsRoleOnlyAndCountsTheReadersOwnTasks() {
    String name = "Views " + suffix;
    request(program(name), "1.0.0", TestPackages.valid());
    Reply shared = admin.post("/api/v1/workspaces/" + ws + "/task-views", Map.of("name", "Reviews of " + suffix,
        "sharedRole", "REVIEWER", "filter", Map.of("queue", "AVAILABLE", "miniProgram", name)));
    assertThat(shared.status()).isEqualTo(201);
    long view = shared.id();
    Reply personal = reviewer.post("/api/v1/workspaces/" + ws + "/task-views", Map.of("name", "Mine",
        "filter", Map.of("queue", "MINE")));
    assertThat(personal.status()).isEqualTo(201);
    assertThat(reviewer.post("/api/v1/workspaces/" + ws + "/task-views", Map.of("name", "Mine")).status())
        .as("same name twice").isEqualTo(409);
    assertThat(reviewer.post("/api/v1/workspaces/" + ws + "/task-views", Map.of("name", "Bad", "sharedRole",
        "ADMIN")).status()).as("a role the reviewer does not hold").isEqualTo(403);
    assertThat(reviewer.post("/api/v1/workspaces/" + ws + "/task-views", Map.of("name", "Bad", "filter",
        Map.of("olderThanHours", -1))).status()).isEqualTo(400);

    await().atMost(Duration.ofSeconds(30)).until(() -> count(reviewer, view) == 1);
    assertThat(count(second, view)).isEqualTo(1);
    assertThat(views(developer)).doesNotContain(view);
    assertThat(views(owner)).doesNotContain(view);
    assertThat(developer.get("/api/v1/task-views/" + view).status()).isEqualTo(403);
    assertThat(views(second)).doesNotContain(personal.id());
    assertThat(second.put("/api/v1/task-views/" + view, Map.of("name", "Taken over")).status()).isEqualTo(403);

    String queue = page(secondName, PASS, "/tasks");
    assertThat(queue).contains("Reviews of " + suffix).doesNotContain(">Mine<");
    assertThat(page(secondName, PASS, "/tasks?view=" + view)).contains(name);
    assertThat(second.put("/api/v1/me/default-task-view", Map.of("viewId", view)).status()).isEqualTo(200);
    assertThat(page(secondName, PASS, "/tasks")).as("the default view opens").contains(name, "★");
    assertThat(second.put("/api/v1/me/default-task-view", Map.of("viewId", personal.id())).status()).isEqualTo(403);
    assertThat(second.get("/api/v1/task-views").body().toString()).contains("\"isDefault\":true");
  }

  @Test
  void aBulkApprovalReportsTheTaskDecidedMeanwhileAndCompletesTheOthers() {
    List<Long> releases = new ArrayList<>();
    List<Long> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long release = request(program("Bulk " + i), "1.0.0", TestPackages.valid());
      releases.add(release);
      tasks.add(Releases.awaitReviewTask(reviewer, release));
    }
    assertThat(second.post("/api/v1/tasks/" + tasks.get(1) + "/complete", Map.of("decision", "reject", "comment",
        "Not this one")).status()).isEqualTo(200);
    assertThat(reviewer.post("/api/v1/tasks/bulk", Map.of("action", "APPROVE", "taskIds", tasks)).status())
        .as("no justification").isEqualTo(400);

    JsonNode outcome = reviewer.post("/api/v1/tasks/bulk", Map.of("action", "APPROVE", "taskIds", tasks,
        "justification", "Routine fixes, checked together")).body();
    assertThat(outcome.get("done").asInt()).isEqualTo(2);
    assertThat(outcome.get("failed").asInt()).isEqualTo(1);
    JsonNode failed = outcome.get("results").get(1);
    assertThat(failed.get("taskId").asLong()).isEqualTo(tasks.get(1));
    assertThat(failed.get("problem").asText()).isEqualTo("CONFLICT");
    assertThat(failed.get("detail").asText()).contains("already completed by " + secondName);
    Releases.awaitStatus(developer, releases.get(0), "APPROVED");
    Releases.awaitStatus(developer, releases.get(2), "APPROVED");
    assertThat(Releases.release(developer, releases.get(0)).get("decisionComment").asText())
        .isEqualTo("Routine fixes, checked together");
    assertThat(Releases.awaitStatus(developer, releases.get(1), "REJECTED").get("decidedBy").asText())
        .isEqualTo(secondName);
    for (long task : List.of(tasks.get(0), tasks.get(2))) {
      assertThat(actions(task)).containsOnlyOnce("task.completed");
    }

    // deciding several at once needs the same step, target app and environment: a release review
    // and an access review are not decided together, though an admin may see both
    long mp = program("Mixed");
    long production = request(mp, "1.0.0", TestPackages.valid());
    Reply asked = reviewer.post("/api/v1/mini-programs/" + mp + "/access-requests", Map.of("scopes",
        List.of("UPLOAD"), "days", 10, "justification", "I would like to upload"));
    assertThat(asked.status()).as(String.valueOf(asked.body())).isEqualTo(201);
    List<Long> mixed = List.of(Releases.awaitReviewTask(reviewer, production),
        Releases.awaitTask(admin, "authorization", asked.id()));
    Reply refused = admin.post("/api/v1/tasks/bulk", Map.of("action", "REJECT", "taskIds", mixed,
        "justification", "Not today"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("detail")).contains("same process step, target app and environment");
    JsonNode claimed = reviewer.post("/api/v1/tasks/bulk", Map.of("action", "CLAIM", "taskIds", mixed)).body();
    assertThat(claimed.get("done").asInt()).isEqualTo(1);
    assertThat(claimed.at("/results/1/problem").asText()).isIn("FORBIDDEN", "NOT_FOUND");
  }

  @Test
  void aRejectionsReasonsReachTheRequesterAndTheNextReviewAsAChecklist() {
    String reasons = "/api/v1/workspaces/" + ws + "/rejection-reasons";
    assertThat(reviewer.post(reasons, Map.of("title", "Crashes")).status()).isEqualTo(403);
    long crashes = owner.post(reasons, Map.of("title", "Crashes on start", "description", "It does not open")).id();
    long texts = owner.post(reasons, Map.of("title", "Misleading texts")).id();
    long retired = owner.post(reasons, Map.of("title", "Old rule")).id();
    assertThat(owner.post(reasons + "/" + retired + "/retire").status()).isEqualTo(200);
    assertThat(owner.post(reasons, Map.of("title", "Crashes on start")).status()).isEqualTo(409);

    long mp = program("Rejected");
    long first = request(mp, "1.0.0", TestPackages.valid());
    long task = Releases.awaitReviewTask(reviewer, first);
    assertThat(reviewer.get("/api/v1/tasks/" + task).body().get("rejectionReasons")).hasSize(2);
    assertThat(complete(task, Map.of("decision", "reject", "comment", "Two problems")).status())
        .as("a reason is needed").isEqualTo(400);
    assertThat(complete(task, Map.of("decision", "reject", "comment", "x", "rejectionReasons",
        List.of(Map.of("reasonId", retired)))).status()).as("retired").isEqualTo(400);
    assertThat(complete(task, Map.of("decision", "approve", "rejectionReasons",
        List.of(Map.of("reasonId", crashes)))).status()).as("reasons with an approval").isEqualTo(400);
    assertThat(complete(task, Map.of("decision", "reject", "comment", "Two problems", "rejectionReasons",
        List.of(Map.of("reasonId", crashes, "location", "pages/index/index.js"), Map.of("reasonId", texts))))
        .status()).isEqualTo(200);
    Releases.awaitStatus(developer, first, "REJECTED");
    JsonNode mine = developer.get("/api/v1/me/requests").body();
    String rejected = mine.toString();
    assertThat(rejected).contains("Crashes on start", "pages/index/index.js", "Misleading texts");

    long next = request(mp, "1.1.0", TestPackages.zip("app.json",
        "{\"pages\": [\"pages/index/index\"], \"window\": {\"navigationBarTitleText\": \"Fixed\"}}",
        "app.js", "App({fixed: true});", "pages/index/index.js", "Page({});",
        "pages/index/index.axml", "<view>Hello again</view>"));
    long nextTask = Releases.awaitReviewTask(reviewer, next);
    JsonNode resubmission = reviewer.get("/api/v1/tasks/" + nextTask).body().get("resubmission");
    assertThat(resubmission.at("/earlier/taskId").asLong()).isEqualTo(task);
    assertThat(resubmission.at("/earlier/reasons").toString()).contains("Crashes on start", "pages/index/index.js",
        "Misleading texts");
    assertThat(resubmission.get("changes").toString()).contains("since rejected version 1.0.0", "~ app.js");
    assertThat(reviewer.post("/api/v1/tasks/" + nextTask + "/claim").status()).isEqualTo(200);
    assertThat(page(reviewerName, PASS, "/tasks/" + nextTask)).contains("Rejected before", "Crashes on start",
        "pages/index/index.js", "Fixed since the earlier rejection?", "since rejected version 1.0.0");
    assertThat(page("developer", EmbeddedMiniflowTest.PASSWORD, "/requests")).contains("Crashes on start",
        "(pages/index/index.js)");
    assertThat(page(ownerName, PASS, "/workspaces/" + ws + "/rejection-reasons")).contains("Misleading texts",
        "retired", "Add reason");
    assertThat(complete(nextTask, Map.of("decision", "approve", "recheckOf", task, "rechecks",
        List.of(Map.of("reasonId", 999_999, "fixed", true)))).status()).as("not an earlier reason").isEqualTo(400);
    assertThat(complete(nextTask, Map.of("decision", "approve", "recheckOf", nextTask, "rechecks",
        List.of(Map.of("reasonId", crashes, "fixed", true)))).status()).as("another rejection").isEqualTo(409);
    assertThat(complete(nextTask,
        Map.of("decision", "approve", "comment", "Fixed", "recheckOf", task, "rechecks", List.of(
            Map.of("reasonId", crashes, "fixed", true), Map.of("reasonId", texts, "fixed", true))))
        .status())
        .isEqualTo(200);
    Releases.awaitStatus(developer, next, "APPROVED");
    assertThat(reviewer.get("/api/v1/tasks/" + nextTask).body().at("/resubmission/answers")).hasSize(2);
  }

  @Test
  void aReviewIsRemindedBeforeItsDueDateAndEscalatedAfterItWhenTheEngineClockMoves() {
    String targetApp = developer.get("/api/v1/workspaces/" + ws + "/target-apps").body().get(0).get("name").asText();
    assertThat(reviewer.put("/api/v1/workspaces/" + ws + "/slas", Map.of("processId", "release", "elementId",
        "ReviewRelease", "targetApp", targetApp, "dueWithin", "PT2H", "remindBefore", "PT30M")).status())
        .isEqualTo(403);
    assertThat(owner.put("/api/v1/workspaces/" + ws + "/slas", Map.of("processId", "release", "elementId",
        "ReviewRelease", "targetApp", targetApp, "dueWithin", "PT1H", "remindBefore", "PT2H")).status())
        .as("reminder after the due date").isEqualTo(400);
    assertThat(owner.put("/api/v1/workspaces/" + ws + "/slas", Map.of("processId", "release", "elementId",
        "ReviewRelease", "targetApp", targetApp, "dueWithin", "PT2H", "remindBefore", "PT30M")).status())
        .isEqualTo(200);

    assertThat(page(ownerName, PASS, "/workspaces/" + ws + "/slas")).contains("ReviewRelease", "PT2H", "PT30M");
    long release = request(program("Timed"), "1.0.0", TestPackages.valid());
    long task = Releases.awaitReviewTask(reviewer, release);
    // due two hours after the request, whenever the task opened
    JsonNode view = reviewer.get("/api/v1/tasks/" + task).body().get("task");
    assertThat(Duration.between(Instant.parse(Releases.release(developer, release).get("requestedAt").asText()),
        Instant.parse(view.get("dueAt").asText()))).isEqualTo(Duration.ofHours(2));

    // the engine's clock moves for every open task of the class: wait for this task's own entries,
    // not for a message that another task's timer may have sent already
    engine.increaseTime(Duration.ofMinutes(91));
    await().atMost(Duration.ofSeconds(30)).until(() -> actions(task).contains("task.reminded"));
    assertThat(Releases.inboxSubjects(second)).anyMatch(s -> s.startsWith("Due at") && s.endsWith("Review release"));
    assertThat(actions(task)).doesNotContain("task.escalated");
    engine.increaseTime(Duration.ofMinutes(30));
    await().atMost(Duration.ofSeconds(30)).until(() -> actions(task).contains("task.escalated"));
    assertThat(Releases.inboxSubjects(admin)).contains("Overdue: Review release");
    assertThat(actions(task)).containsOnlyOnce("task.reminded");
    assertThat(reviewer.get("/api/v1/tasks/" + task).body().at("/task/priority").asInt()).isEqualTo(90);
    // still decidable: the timers never take the decision away
    assertThat(complete(task, Map.of("decision", "approve", "comment", "Late but fine")).status()).isEqualTo(200);
  }

  @Test
  void tasksLikelyToMissTheirDueDateAreForecastFromRecentHandlingTimes() {
    String targetApp = developer.get("/api/v1/workspaces/" + ws + "/target-apps").body().get(0).get("name").asText();
    // the step took 10 to 14 hours the last five times
    for (int hours = 10; hours <= 14; hours++) {
      jdbc.sql("""
              insert into user_task(job_key, process_instance_key, process_id, element_id, name, workspace_id,
                candidate_groups, audience, state, created_at, completed_at, completed_by)
              values (:job, 1, 'release', 'ReviewRelease', 'Review release', :ws, '{reviewers}', '{}', 'COMPLETED',
                now() - make_interval(hours => :h + 1), now() - interval '1 hour', 'someone')""")
          .param("job", -System.nanoTime()).param("ws", ws).param("h", hours).update();
    }
    assertThat(owner.put("/api/v1/workspaces/" + ws + "/slas", Map.of("processId", "release", "elementId",
        "ReviewRelease", "targetApp", targetApp, "dueWithin", "PT8H", "remindBefore", "PT1H")).status())
        .isEqualTo(200);
    String name = "Forecast";
    long tight = request(program(name), "1.0.0", TestPackages.valid());
    Releases.awaitReviewTask(reviewer, tight);
    JsonNode late = reviewer.get("/api/v1/tasks?miniProgram=" + enc(name)).body().get(0);
    assertThat(late.get("likelyLate").asBoolean()).isTrue();
    assertThat(Duration.between(Instant.parse(late.get("createdAt").asText()),
        Instant.parse(late.get("expectedDoneAt").asText()))).isEqualTo(Duration.ofHours(12));
    assertThat(admin.get("/api/v1/workspaces/" + ws + "/analytics").body().get("likelyLate").toString())
        .contains(name);
    assertThat(page(reviewerName, PASS, "/tasks?miniProgram=" + name)).contains("likely late");

    assertThat(owner.put("/api/v1/workspaces/" + ws + "/slas", Map.of("processId", "release", "elementId",
        "ReviewRelease", "targetApp", targetApp, "dueWithin", "PT24H", "remindBefore", "PT1H")).status())
        .isEqualTo(200);
    String roomy = "Roomy";
    request(program(roomy), "1.0.0", TestPackages.valid());
    await().atMost(Duration.ofSeconds(30)).until(() -> !reviewer.get("/api/v1/tasks?miniProgram=" + enc(roomy))
        .body().isEmpty());
    assertThat(reviewer.get("/api/v1/tasks?miniProgram=" + enc(roomy)).body().get(0).get("likelyLate").asBoolean())
        .isFalse();
  }

  /** A page as the user's browser gets it (logged in through the form). */
  private String page(String user, String password, String path) {
    var reply = SessionClient.logIn("http://localhost:" + port, user, password).api().getText(path);
    assertThat(reply.getStatusCode().value()).as(path).isEqualTo(200);
    return reply.getBody();
  }

  private static String enc(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  private long program(String name) {
    return developer.createMiniProgram(ws, name + " " + suffix).id();
  }

  private long request(long mp, String number, byte[] zip) {
    long version = developer.upload(mp, number, zip).id();
    return developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", app,
        "environment", "PRODUCTION")).releaseId();
  }

  private Reply complete(long task, Map<String, Object> values) {
    return reviewer.post("/api/v1/tasks/" + task + "/complete", values);
  }

  private long count(ApiClient client, long view) {
    for (JsonNode v : client.get("/api/v1/task-views").body()) {
      if (v.at("/view/id").asLong() == view) {
        return v.get("count").asLong();
      }
    }
    return -1;
  }

  private List<Long> views(ApiClient client) {
    List<Long> ids = new ArrayList<>();
    client.get("/api/v1/task-views").body().forEach(v -> ids.add(v.at("/view/id").asLong()));
    return ids;
  }

  private List<String> actions(long task) {
    return jdbc.sql("select action from audit_event where subject_type = 'task' and subject_id = :t order by id")
        .param("t", String.valueOf(task)).query(String.class).list();
  }
}
