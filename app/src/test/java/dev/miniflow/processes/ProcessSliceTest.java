package dev.miniflow.processes;

import static dev.miniflow.testing.ProblemJson.INVALID;
import static dev.miniflow.testing.ProblemJson.UNAUTHORIZED;
import static dev.miniflow.testing.ProblemJson.FORBIDDEN;
import static dev.miniflow.testing.ProblemJson.NOT_FOUND;
import static dev.miniflow.testing.ProblemJson.problem;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import dev.miniflow.processes.ProcessDefinitions.ProcessDefinition;
import dev.miniflow.support.Problems;
import dev.miniflow.testing.WebSlice;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The process owner console's pages and API over mocked deployments and catalogs: the platform's
 * processes for every process owner, workspace 2's variant for nobody here.
 */
@WebSlice({ProcessPages.class, ProcessApi.class})
class ProcessSliceTest {
  static final Instant AT = Instant.parse("2026-02-01T10:00:00Z");
  static final String XML = "<bpmn:definitions id=\"release\"/>";
  static final String VARIANT = "release.ws-2";

  @Autowired MockMvc mvc;
  @Autowired WorkspaceAccess access;
  @MockitoBean ProcessDeployments deployments;
  @MockitoBean FormDeployments formDeployments;
  @MockitoBean ProcessOwners owners;
  @MockitoBean ProcessDefinitions definitions;
  @MockitoBean FormCatalog forms;

  static ProcessDefinition definition(long key, String id, int version, String summary) {
    return new ProcessDefinition(key, id, version, id + ".bpmn", XML, "owner", AT, summary);
  }

  static FormDefinition form(long key, String id, int version) {
    return new FormDefinition(key, id, version, "{\"id\":\"" + id + "\",\"components\":[]}", "owner", AT);
  }

  @BeforeEach
  void onlyTheVariantIsHidden() {
    when(owners.visible(anyString())).thenReturn(true);
    when(owners.visible(VARIANT)).thenReturn(false);
    when(access.workspacesOf("owner")).thenReturn(List.of(1L));
  }

  private ResultActions api(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.with(httpBasic("owner", WebSlice.PASSWORD)));
  }

  private ResultActions xml(MockHttpServletRequestBuilder request, String body) throws Exception {
    return api(request.contentType(MediaType.TEXT_XML).content(body));
  }

  /** A browser's call: its session cookie puts the API under the page rules, CSRF included. */
  private static RequestPostProcessor browser() {
    return request -> {
      request.setRequestedSessionId("browser-session");
      return request;
    };
  }

  // --- API ---

  @Test
  void theListsShowWhatTheCallerMaySeeWithoutTheXml() throws Exception {
    when(definitions.latestOfEach()).thenReturn(
        List.of(definition(11, "release", 3, "added Review 'Review'"), definition(12, VARIANT, 1, null)));
    when(forms.latestOfEach()).thenReturn(List.of(form(21, "release-review", 2), form(22, "release-review.ws-2", 1)));
    when(owners.visible("release-review.ws-2")).thenReturn(false);
    api(get("/api/v1/processes"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$", hasSize(1)))
        .andExpect(jsonPath("$[0].key").value(11))
        .andExpect(jsonPath("$[0].bpmnProcessId").value("release"))
        .andExpect(jsonPath("$[0].version").value(3))
        .andExpect(jsonPath("$[0].deployedAt").value("2026-02-01T10:00:00Z"))
        .andExpect(jsonPath("$[0].changeSummary").value("added Review 'Review'"))
        .andExpect(jsonPath("$[0].xml").doesNotExist());
    api(get("/api/v1/forms"))
        .andExpect(jsonPath("$", hasSize(1)))
        .andExpect(jsonPath("$[0].formKey").value(21))
        .andExpect(jsonPath("$[0].formId").value("release-review"))
        .andExpect(jsonPath("$[0].schema").doesNotExist());
  }

  @Test
  void theConsoleIsForProcessOwners() throws Exception {
    when(owners.requireProcessOwner()).thenThrow(Problems.forbidden("The process console is for process owners."));
    api(get("/api/v1/processes")).andExpect(
        problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Not allowed", "The process console is for process owners."));
    api(get("/api/v1/processes/release/versions")).andExpect(status().isForbidden());
    api(get("/api/v1/forms/release-review")).andExpect(status().isForbidden());
    mvc.perform(get("/processes").with(user("dev")))
        .andExpect(status().isForbidden())
        .andExpect(view().name("error/problem"))
        .andExpect(content().string(containsString("The process console is for process owners.")));
    verifyNoInteractions(definitions, forms);
    mvc.perform(get("/api/v1/processes")).andExpect(problem(HttpStatus.UNAUTHORIZED, UNAUTHORIZED, "Unauthorized",
        "Log in with HTTP Basic credentials to use the API."));
    mvc.perform(get("/processes")).andExpect(redirectedUrl("http://localhost/login"));
  }

  @Test
  void anotherWorkspacesVariantIsNotFound() throws Exception {
    when(definitions.versions("release")).thenReturn(List.of(definition(11, "release", 3, null)));
    api(get("/api/v1/processes/release/versions")).andExpect(jsonPath("$[0].version").value(3));
    api(get("/api/v1/processes/" + VARIANT + "/versions")).andExpect(
        problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Process " + VARIANT + " was not found."));
    verify(definitions, never()).versions(VARIANT);
    when(definitions.byKey(12L)).thenReturn(Optional.of(definition(12, VARIANT, 1, null)));
    api(get("/api/v1/processes/definitions/12/xml")).andExpect(
        problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Process definition 12 was not found."));
    when(forms.findLatest("release-review.ws-2")).thenReturn(Optional.of(form(22, "release-review.ws-2", 1)));
    when(owners.visible("release-review.ws-2")).thenReturn(false);
    api(get("/api/v1/forms/release-review.ws-2")).andExpect(
        problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Form release-review.ws-2 was not found."));
  }

  @Test
  void aDiagramIsAnXmlDownloadForWorkspaceMembersOnly() throws Exception {
    when(definitions.byKey(11L)).thenReturn(Optional.of(definition(11, "release", 3, null)));
    api(get("/api/v1/processes/definitions/11/xml"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_XML))
        .andExpect(header().string("Content-Disposition", "attachment; filename=\"release-v3.bpmn\""))
        .andExpect(content().string(XML));
    when(access.workspacesOf("outsider")).thenReturn(List.of());
    mvc.perform(get("/api/v1/processes/definitions/11/xml").with(httpBasic("outsider", WebSlice.PASSWORD)))
        .andExpect(problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Not allowed",
            "Only workspace members can read process diagrams."));
    api(get("/api/v1/processes/definitions/eleven/xml")).andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Parameter 'key': 'eleven' is not a whole number."));
  }

  @Test
  void aFormIsItsSchemaAsJson() throws Exception {
    when(forms.findLatest("release-review")).thenReturn(Optional.of(form(21, "release-review", 2)));
    api(get("/api/v1/forms/release-review"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
        .andExpect(jsonPath("$.id").value("release-review"))
        .andExpect(jsonPath("$.components", hasSize(0)));
    when(forms.findLatest("nope")).thenReturn(Optional.empty());
    api(get("/api/v1/forms/nope"))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Form nope was not found."));
  }

  @Test
  void validationListsTheModelsProblems() throws Exception {
    when(deployments.validateProcess(XML)).thenReturn(List.of());
    when(deployments.validateProcess("<broken")).thenReturn(
        List.of(new ModelProblem(null, "The XML is not well formed."), new ModelProblem("Review", "No assignee.")));
    xml(post("/api/v1/processes/validate"), XML)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.valid").value(true))
        .andExpect(jsonPath("$.problems", hasSize(0)));
    xml(post("/api/v1/processes/validate"), "<broken")
        .andExpect(jsonPath("$.valid").value(false))
        .andExpect(jsonPath("$.problems[0].elementId").doesNotExist())
        .andExpect(jsonPath("$.problems[1].elementId").value("Review"))
        .andExpect(jsonPath("$.problems[1].message").value("No assignee."));
    when(formDeployments.validateForm("{}")).thenReturn(List.of(new ModelProblem(null, "The form has no id.")));
    api(post("/api/v1/forms/validate").contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(jsonPath("$.valid").value(false))
        .andExpect(jsonPath("$.problems[0].message").value("The form has no id."));
    api(post("/api/v1/processes/validate").contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    api(post("/api/v1/forms/validate").contentType(MediaType.TEXT_XML).content(XML))
        .andExpect(status().isUnsupportedMediaType());
    verify(deployments, never()).validateProcess("{}");
    verify(formDeployments, never()).validateForm(XML);
  }

  @Test
  void aDeploymentSaysWhatChangedOrWhatIsWrongWithTheModel() throws Exception {
    when(deployments.deployProcess(XML, 1L))
        .thenReturn(new ProcessDeployments.Deployed(13L, "release.ws-1", 2, true, "added Check 'Check'"));
    xml(post("/api/v1/processes").param("workspaceId", "1"), XML)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.key").value(13))
        .andExpect(jsonPath("$.bpmnProcessId").value("release.ws-1"))
        .andExpect(jsonPath("$.changed").value(true))
        .andExpect(jsonPath("$.summary").value("added Check 'Check'"));
    when(deployments.deployProcess("<broken", null)).thenThrow(ProcessDeployments.invalid(
        "The process has 2 problem(s)",
        List.of(new ModelProblem(null, "The XML is not well formed."), new ModelProblem("Review", "No assignee."))));
    xml(post("/api/v1/processes"), "<broken")
        .andExpect(problem(HttpStatus.UNPROCESSABLE_ENTITY, ProcessDeployments.PROBLEMS_TYPE,
            "The process has 2 problem(s)", "The XML is not well formed.\nReview: No assignee."))
        .andExpect(jsonPath("$.problems[1].elementId").value("Review"))
        .andExpect(jsonPath("$.problems[1].message").value("No assignee."));
    when(deployments.deployProcess(XML, null)).thenThrow(Problems.forbidden(
        "The platform's processes and forms are changed by the platform's process owners."));
    xml(post("/api/v1/processes"), XML).andExpect(problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Not allowed",
        "The platform's processes and forms are changed by the platform's process owners."));
    xml(post("/api/v1/processes").param("workspaceId", "two"), XML).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "Parameter 'workspaceId': 'two' is not a whole number."));
    when(formDeployments.deployForm("{\"id\":\"release-review\"}", 1L)).thenReturn(form(23, "release-review.ws-1", 1));
    api(post("/api/v1/forms").param("workspaceId", "1").contentType(MediaType.APPLICATION_JSON)
        .content("{\"id\":\"release-review\"}"))
        .andExpect(jsonPath("$.formKey").value(23))
        .andExpect(jsonPath("$.formId").value("release-review.ws-1"))
        .andExpect(jsonPath("$.schema").doesNotExist());
    mvc.perform(post("/api/v1/processes").contentType(MediaType.TEXT_XML).content(XML))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void theModelersDeployFromTheBrowserNeedsTheCsrfToken() throws Exception {
    when(deployments.deployProcess(XML, 1L))
        .thenReturn(new ProcessDeployments.Deployed(13L, "release.ws-1", 2, true, "added Check 'Check'"));
    mvc.perform(post("/api/v1/processes").param("workspaceId", "1").contentType(MediaType.TEXT_XML).content(XML)
        .with(user("owner")).with(browser()))
        .andExpect(problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", containsString("no valid CSRF token")));
    verify(deployments, never()).deployProcess(any(), any());
    mvc.perform(post("/api/v1/processes").param("workspaceId", "1").contentType(MediaType.TEXT_XML).content(XML)
        .with(user("owner")).with(browser()).with(csrf().asHeader()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(2));
  }

  // --- pages ---

  @Test
  void theListPageShowsProcessesAndForms() throws Exception {
    when(definitions.latestOfEach()).thenReturn(
        List.of(definition(11, "release", 3, "added Review 'Review'"), definition(12, VARIANT, 1, null)));
    when(forms.latestOfEach()).thenReturn(List.of(form(21, "release-review", 2)));
    mvc.perform(get("/processes").with(user("owner")))
        .andExpect(status().isOk())
        .andExpect(view().name("processes/list"))
        .andExpect(model().attribute("processes", hasSize(1)))
        .andExpect(content().string(allOf(containsString("<a href=\"/processes/release\">release</a>"),
            containsString("href=\"/processes/release/edit\""), containsString("added Review &#39;Review&#39;"),
            containsString("<a href=\"/processes/forms/release-review\">release-review</a>"),
            containsString("2026-02-01 10:00"), not(containsString(VARIANT)))));
  }

  @Test
  void aProcessPageShowsTheChosenVersionAndItsDiagram() throws Exception {
    when(definitions.versions("release"))
        .thenReturn(List.of(definition(11, "release", 3, "added Review 'Review'"), definition(10, "release", 2, null)));
    mvc.perform(get("/processes/release").with(user("owner")))
        .andExpect(view().name("processes/process"))
        .andExpect(model().attribute("shown", definition(11, "release", 3, "added Review 'Review'")))
        .andExpect(content().string(allOf(containsString("id=\"shown-version\">version 3</span>"),
            containsString("data-xml=\"/api/v1/processes/definitions/11/xml\""),
            containsString("href=\"/processes/release?version=10\""))));
    mvc.perform(get("/processes/release").param("version", "10").with(user("owner")))
        .andExpect(content().string(containsString("id=\"shown-version\">version 2</span>")));
    mvc.perform(get("/processes/release").param("version", "99").with(user("owner")))
        .andExpect(status().isNotFound())
        .andExpect(view().name("error/problem"))
        .andExpect(content().string(containsString("Version 99 of release was not found.")));
    when(definitions.versions(VARIANT)).thenReturn(List.of(definition(12, VARIANT, 1, null)));
    mvc.perform(get("/processes/" + VARIANT).with(user("owner")))
        .andExpect(status().isNotFound())
        .andExpect(content().string(containsString("Process " + VARIANT + " was not found.")));
  }

  @Test
  void theEditorsSayWhereADeploymentGoes() throws Exception {
    when(definitions.latest("release")).thenReturn(Optional.of(definition(11, "release", 3, null)));
    when(owners.defaultTarget("release")).thenReturn(Optional.of(1L));
    mvc.perform(get("/processes/release/edit").with(user("owner")))
        .andExpect(view().name("processes/modeler"))
        .andExpect(model().attribute("targetWorkspace", 1L))
        .andExpect(content().string(allOf(containsString("data-deploy-url=\"/api/v1/processes?workspaceId=1\""),
            containsString("data-xml-url=\"/api/v1/processes/definitions/11/xml\""),
            containsString("creates or changes the variant of workspace 1"))));
    when(owners.defaultTarget("release")).thenReturn(Optional.empty());
    mvc.perform(get("/processes/release/edit").with(user("platform-owner")))
        .andExpect(content().string(allOf(containsString("data-deploy-url=\"/api/v1/processes\""),
            containsString("Deploying changes the platform default"))));
    when(forms.findLatest("release-review")).thenReturn(Optional.of(form(21, "release-review", 2)));
    when(forms.versions("release-review")).thenReturn(List.of(form(21, "release-review", 2)));
    when(owners.defaultTarget("release-review")).thenReturn(Optional.of(1L));
    mvc.perform(get("/processes/forms/release-review").with(user("owner")))
        .andExpect(view().name("processes/form"))
        .andExpect(content().string(allOf(containsString("id=\"form-version\">version 2</small>"),
            containsString("data-deploy-url=\"/api/v1/forms?workspaceId=1\""),
            containsString("&quot;components&quot;:[]"))));
    when(definitions.latest("nope")).thenReturn(Optional.empty());
    mvc.perform(get("/processes/nope/edit").with(user("owner")))
        .andExpect(status().isNotFound())
        .andExpect(content().string(containsString("Process nope was not found.")));
  }
}
