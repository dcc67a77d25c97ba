package dev.miniflow.tasklist;

import static dev.miniflow.testing.ProblemJson.TOO_LARGE;
import static dev.miniflow.testing.ProblemJson.CONFLICT;
import static dev.miniflow.testing.ProblemJson.FORBIDDEN;
import static dev.miniflow.testing.ProblemJson.INVALID;
import static dev.miniflow.testing.ProblemJson.NOT_FOUND;
import static dev.miniflow.testing.ProblemJson.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import dev.miniflow.monitor.InstanceHistory;
import dev.miniflow.processes.ProcessCatalog;
import dev.miniflow.processes.ProcessDefinitions;
import dev.miniflow.support.Problems;
import dev.miniflow.testing.WebSlice;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The task list's pages and API over mocked task services. */
@WebSlice({TaskPages.class, TaskApi.class})
@org.springframework.context.annotation.Import(FormChoices.class)
class TaskSliceTest {
  static final Instant AT = Instant.parse("2026-02-01T10:00:00Z");
  static final TaskForm REVIEW = new TaskForm("release-review", List.of(
      new TaskForm.Field("decision", "radio", "Decision", null, true, null, null,
          List.of(new TaskForm.Option("approve", "Approve"), new TaskForm.Option("reject", "Reject"))),
      new TaskForm.Field("comment", "textarea", "Comment", "Why", false, null, 2000, List.of())));

  @Autowired MockMvc mvc;
  @Autowired WorkspaceAccess access;
  @MockitoBean TaskQueries tasks;
  @MockitoBean TaskActions actions;
  @MockitoBean InstanceHistory history;
  @MockitoBean ProcessCatalog processes;
  @MockitoBean ProcessDefinitions definitions;
  @MockitoBean TaskBulk bulk;
  @MockitoBean dev.miniflow.tasklist.views.TaskViews views;
  @MockitoBean dev.miniflow.workspace.WorkspaceService workspaceService;
  @MockitoBean dev.miniflow.tasklist.rejection.Rejections rejections;

  static UserTask task(long id, String assignee, TaskState state) {
    return new UserTask(id, 500 + id, 77L, "release", "ReviewRelease", "Review release", 1L, "11",
        "Shop 1.2.0 → Wallet (PRODUCTION)", "dev", List.of("reviewers"), List.of(), assignee, 3L, null, state, AT,
        null, null, null, 0, 42L, 50, "Shop", "Wallet", List.of("dev"));
  }

  @BeforeEach
  void reviewTask() {
    when(tasks.get(5L)).thenReturn(task(5, "rev", TaskState.CLAIMED));
    when(tasks.form(any())).thenReturn(Optional.of(REVIEW));
    when(tasks.context(any())).thenReturn(Optional.of(new TaskContextProvider.TaskContext("Release 11",
        List.of(new TaskContextProvider.Fact("Version", "1.2.0")), null, "/releases/11")));
    when(tasks.queue(any())).thenReturn(
        new TaskQueries.TaskPage(List.of(task(5, null, TaskState.OPEN)), 0, false, java.time.Instant.now(),
            java.util.Map.of()));
  }

  private ResultActions api(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.with(httpBasic("rev", WebSlice.PASSWORD)));
  }

  private ResultActions api(MockHttpServletRequestBuilder request, String json) throws Exception {
    return api(request.contentType(MediaType.APPLICATION_JSON).content(json.replace('\'', '"')));
  }

  private ResultActions page(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.with(user("rev")).with(csrf()));
  }

  // --- API ---

  @Test
  void aQueueIsAPageOfTasksWithItsPagingHeaders() throws Exception {
    when(tasks.queue(any()))
        .thenReturn(new TaskQueries.TaskPage(List.of(task(5, null, TaskState.OPEN)), 0, true, java.time.Instant.now(),
            java.util.Map.of()));
    api(get("/api/v1/tasks").param("miniProgram", " Shop ").param("olderThanHours", "2"))
        .andExpect(status().isOk())
        .andExpect(header().string("X-Has-Next-Page", "true"))
        .andExpect(header().string("X-Next-After", AT.toEpochMilli() * 1000 + "-5"))
        .andExpect(jsonPath("$", hasSize(1)))
        .andExpect(jsonPath("$[0].id").value(5))
        .andExpect(jsonPath("$[0].state").value("OPEN"))
        .andExpect(jsonPath("$[0].createdAt").value("2026-02-01T10:00:00Z"))
        .andExpect(jsonPath("$[0].candidateGroups[0]").value("reviewers"));
    ArgumentCaptor<TaskQuery> query = ArgumentCaptor.forClass(TaskQuery.class);
    verify(tasks).queue(query.capture());
    assertThat(query.getValue()).isEqualTo(
        new TaskQuery(TaskQueries.Queue.AVAILABLE, null, "Shop", null, 2, null, null, null, TaskQuery.Sort.CREATED,
            false, 0,
            null));

    // sorted by due date the queue pages by number only: no keyset cursor
    api(get("/api/v1/tasks").param("queue", "COMPLETED").param("sort", "DUE").param("page", "2"))
        .andExpect(header().string("X-Has-Next-Page", "true"))
        .andExpect(header().doesNotExist("X-Next-After"));
  }

  @Test
  void badQueueParametersReachNoService() throws Exception {
    api(get("/api/v1/tasks").param("queue", "SOME")).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "Parameter 'queue': 'SOME' is not one of MINE, AVAILABLE, ALL, COMPLETED."));
    api(get("/api/v1/tasks").param("page", "last")).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "Parameter 'page': 'last' is not a whole number."));
    api(get("/api/v1/tasks").param("olderThanHours", "-1")).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "'olderThanHours' must be between 0 and 8784."));
    api(get("/api/v1/tasks").param("after", "yesterday")).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "'after' is the X-Next-After value of the previous page."));
    api(get("/api/v1/tasks").param("after", "1-2").param("sort", "DUE")).andExpect(problem(HttpStatus.BAD_REQUEST,
        INVALID, "Invalid request",
        "'after' pages open tasks in arrival order (sort=CREATED); it takes no page number."));
    api(get("/api/v1/tasks").param("q", "x".repeat(201))).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "Filters may have at most 200 characters."));
    verifyNoInteractions(tasks);
  }

  @Test
  void aTaskComesWithItsFormContextAndComments() throws Exception {
    when(tasks.comments(any())).thenReturn(List.of(new TaskComment(1L, 5L, "Review release", "dev", "Please", AT)));
    api(get("/api/v1/tasks/5"))
        .andExpect(jsonPath("$.task.assignee").value("rev"))
        .andExpect(jsonPath("$.form.fields[0].key").value("decision"))
        .andExpect(jsonPath("$.form.fields[0].options[1].value").value("reject"))
        .andExpect(jsonPath("$.context.title").value("Release 11"))
        .andExpect(jsonPath("$.comments[0].body").value("Please"));
    when(tasks.get(6L)).thenThrow(Problems.notFound("Task 6"));
    api(get("/api/v1/tasks/6"))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Task 6 was not found."));
  }

  @Test
  void actionsReturnTheTaskOrTheServicesProblem() throws Exception {
    when(actions.claim(5L)).thenReturn(task(5, "rev", TaskState.CLAIMED));
    when(actions.claim(6L)).thenThrow(Problems.conflict("This task is already claimed by bob."));
    when(actions.assign(5L, "carol"))
        .thenThrow(Problems.forbidden("Only workspace admins assign tasks; others claim them."));
    when(actions.comment(5L, "Looks fine"))
        .thenReturn(new TaskComment(2L, 5L, "Review release", "rev", "Looks fine", AT));
    api(post("/api/v1/tasks/5/claim")).andExpect(status().isOk()).andExpect(jsonPath("$.state").value("CLAIMED"));
    api(post("/api/v1/tasks/6/claim")).andExpect(problem(HttpStatus.CONFLICT, CONFLICT, "Conflict",
        "This task is already claimed by bob."));
    api(post("/api/v1/tasks/5/assign"), "{'assignee': 'carol'}").andExpect(problem(HttpStatus.FORBIDDEN, FORBIDDEN,
        "Not allowed", "Only workspace admins assign tasks; others claim them."));
    api(post("/api/v1/tasks/5/comments"), "{'body': 'Looks fine'}").andExpect(jsonPath("$.author").value("rev"));
    when(actions.unclaim(5L)).thenReturn(task(5, null, TaskState.OPEN));
    api(post("/api/v1/tasks/5/unclaim")).andExpect(status().isOk()).andExpect(jsonPath("$.state").value("OPEN"));
    verify(actions).unclaim(5L);
  }

  @Test
  void aCompletionTakesTheFormValuesAsAJsonObject() throws Exception {
    when(actions.complete(5L, Map.of("decision", "approve", "comment", "fine")))
        .thenReturn(task(5, "rev", TaskState.COMPLETED));
    when(actions.complete(5L, Map.of("comment", "fine"))).thenThrow(Problems.invalid("'Decision' is required."));
    api(post("/api/v1/tasks/5/complete"), "{'decision': 'approve', 'comment': 'fine'}")
        .andExpect(jsonPath("$.state").value("COMPLETED"));
    api(post("/api/v1/tasks/5/complete"), "{'comment': 'fine'}").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "'Decision' is required."));
    api(post("/api/v1/tasks/5/complete"), "['approve']").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "The request body must be a JSON object."));
    api(post("/api/v1/tasks/5/complete")).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "The request needs a JSON body."));
  }

  @Test
  void decisionsAndCommentsAreCappedAt64Kilobytes() throws Exception {
    api(post("/api/v1/tasks/5/complete"), "{'comment': '" + "x".repeat(65 * 1024) + "'}").andExpect(problem(
        HttpStatus.PAYLOAD_TOO_LARGE, TOO_LARGE, "Request too large",
        "The request body is larger than the 64 KB allowed here."));
    page(post("/tasks/5/comments").contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content("body=" + "x".repeat(65 * 1024))).andExpect(status().isPayloadTooLarge());
    verifyNoInteractions(actions);
    // within the cap, the default 256 KB elsewhere does not apply
    page(post("/tasks/5/comments").contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content("body=" + "x".repeat(60 * 1024))).andExpect(redirectedUrl("/tasks/5#comments"));
    verify(actions).comment(5L, "x".repeat(60 * 1024));
  }

  @Test
  void theApiWantsCredentials() throws Exception {
    mvc.perform(get("/api/v1/tasks")).andExpect(status().isUnauthorized());
    mvc.perform(post("/api/v1/tasks/5/claim")).andExpect(status().isUnauthorized());
    verifyNoInteractions(tasks, actions);
  }

  // --- pages ---

  @Test
  void theQueuePageShowsTheChosenQueueWithItsFilters() throws Exception {
    when(definitions.latestOfEach()).thenReturn(List.of(
        new ProcessDefinitions.ProcessDefinition(1L, "release", 1, "release.bpmn", "<xml/>", "system", AT, null),
        new ProcessDefinitions.ProcessDefinition(2L, "release.ws-1", 1, "v.bpmn", "<xml/>", "po", AT, null)));
    mvc.perform(get("/tasks").param("queue", "MINE").param("q", "Shop").with(user("rev")))
        .andExpect(view().name("tasklist/queue"))
        .andExpect(model().attribute("processIds", List.of("release")))
        .andExpect(content().string(allOf(containsString("<a class=\"nav-link active\" href=\"/tasks?queue=MINE\""),
            containsString("<a href=\"/tasks/5\">Review release</a>"), containsString("value=\"Shop\""),
            containsString("<option value=\"release\">release</option>"))));
    mvc.perform(get("/tasks").param("olderThanHours", "-1").with(user("rev")))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(containsString("&#39;olderThanHours&#39; must be between 0 and 8784.")));
    mvc.perform(get("/tasks")).andExpect(redirectedUrl("http://localhost/login"));
  }

  @Test
  void thePolledTableIsTheTableAlone() throws Exception {
    mvc.perform(get("/tasks/table").with(user("rev")))
        .andExpect(view().name("tasklist/queue :: table"))
        .andExpect(content().string(allOf(containsString("<a href=\"/tasks/5\">Review release</a>"),
            not(containsString("<nav class=\"navbar")), not(containsString("<html")))));
  }

  @Test
  void theAssigneeGetsTheFormAndOnlyAdminsTheAssignment() throws Exception {
    when(history.diagramState(77L)).thenReturn(Map.of("completed", List.of("Validate"), "incidents", List.of("X")));
    mvc.perform(get("/tasks/5").with(user("rev")))
        .andExpect(view().name("tasklist/task"))
        .andExpect(model().attribute("diagramJson", containsString("\"active\":[\"ReviewRelease\"]")))
        .andExpect(model().attribute("diagramJson", not(containsString("incidents"))))
        .andExpect(content().string(allOf(containsString("id=\"task-form\""), containsString("name=\"decision\""),
            containsString("id=\"unclaim\""), not(containsString("id=\"assign-form\"")),
            containsString("Release 11"))));
    mvc.perform(get("/tasks/5").with(user("bob")))
        .andExpect(content().string(allOf(not(containsString("id=\"task-form\"")), containsString("Claimed by rev"))));
    when(access.workspacesOf("admin")).thenReturn(List.of(1L));
    when(access.rolesOf("admin", 1L)).thenReturn(Set.of(Role.ADMIN));
    when(tasks.candidates(any())).thenReturn(List.of("rev", "carol"));
    mvc.perform(get("/tasks/5").with(user("admin")))
        .andExpect(content().string(allOf(containsString("id=\"assign-form\""),
            containsString("<option value=\"carol\">carol</option>"))));
  }

  @Test
  void anUnclaimedTaskOffersTheClaim() throws Exception {
    when(tasks.get(6L)).thenReturn(task(6, null, TaskState.OPEN));
    mvc.perform(get("/tasks/6").with(user("rev")))
        .andExpect(content().string(allOf(containsString("id=\"claim\""), not(containsString("id=\"task-form\"")),
            containsString("Claim the task to decide on it."))));
  }

  @Test
  void pageActionsNeedTheCsrfToken() throws Exception {
    mvc.perform(post("/tasks/5/claim").with(user("rev"))).andExpect(status().isForbidden());
    mvc.perform(post("/tasks/5/complete").param("decision", "approve").with(user("rev")))
        .andExpect(status().isForbidden());
    verifyNoInteractions(actions);
  }

  @Test
  void pageActionsSayHowTheyWent() throws Exception {
    when(actions.assign(5L, "carol")).thenReturn(task(5, "carol", TaskState.CLAIMED));
    when(actions.claim(6L)).thenThrow(Problems.conflict("This task is already claimed by bob."));
    page(post("/tasks/5/claim")).andExpect(redirectedUrl("/tasks/5"))
        .andExpect(flash().attribute("success", "You claimed this task."));
    page(post("/tasks/6/claim")).andExpect(redirectedUrl("/tasks/6"))
        .andExpect(flash().attribute("error", "This task is already claimed by bob."));
    page(post("/tasks/5/unclaim")).andExpect(redirectedUrl("/tasks?queue=AVAILABLE"))
        .andExpect(flash().attribute("success", "The task is back in its queue."));
    page(post("/tasks/5/assign").param("assignee", "carol")).andExpect(redirectedUrl("/tasks/5"))
        .andExpect(flash().attribute("success", "Assigned to carol."));
    page(post("/tasks/5/comments").param("body", "Looks fine")).andExpect(redirectedUrl("/tasks/5#comments"))
        .andExpect(flash().attribute("success", "Comment added."));
    verify(actions).comment(5L, "Looks fine");
  }

  @Test
  void aCompletionFromThePagePassesTheFormValuesWithoutTheToken() throws Exception {
    when(actions.complete(6L, Map.of("decision", "reject", "comment", ""))).thenThrow(
        Problems.invalid("A rejection needs a comment: the requester has to know why."));
    page(post("/tasks/5/complete").param("decision", "approve").param("comment", "fine"))
        .andExpect(redirectedUrl("/tasks?queue=COMPLETED"))
        .andExpect(flash().attribute("success", "Task completed."));
    verify(actions).complete(5L, Map.of("decision", "approve", "comment", "fine"));
    page(post("/tasks/6/complete").param("decision", "reject").param("comment", ""))
        .andExpect(redirectedUrl("/tasks/6"))
        .andExpect(flash().attribute("error", "A rejection needs a comment: the requester has to know why."));
  }
}
