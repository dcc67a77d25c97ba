package dev.miniflow.support;

import static dev.miniflow.testing.ProblemJson.BLANK;
import static dev.miniflow.testing.ProblemJson.INVALID;
import static dev.miniflow.testing.ProblemJson.FORBIDDEN;
import static dev.miniflow.testing.ProblemJson.TOO_LARGE;
import static dev.miniflow.testing.ProblemJson.UNAUTHORIZED;
import static dev.miniflow.testing.ProblemJson.UNAVAILABLE;
import static dev.miniflow.testing.ProblemJson.INTERNAL_ERROR;
import static dev.miniflow.testing.ProblemJson.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import dev.miniflow.testing.WebSlice;
import dev.miniflow.workspace.WorkspaceAccess;
import jakarta.servlet.ServletContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The support module's web layer with two probe controllers (an API and a page) in place of a
 * feature's: how bad input and services' problems reach API clients (RFC 9457) and people (the
 * problem page, Flash messages), login and CSRF, and the request size limits.
 */
@WebSlice({SupportSliceTest.ProbeApi.class, SupportSliceTest.ProbePage.class})
@Import({SupportSliceTest.ProbeApi.class, SupportSliceTest.ProbePage.class})
class SupportSliceTest {
  static final AtomicInteger calls = new AtomicInteger();

  @Autowired MockMvc mvc;
  @Autowired WorkspaceAccess access;

  enum Color { RED, GREEN }

  record Body(@NotNull Long versionId, Integer count, Color color, @Size(max = 3) List<Long> ids, String name,
      Instant at) {}

  /** What a service may throw, by name. */
  static RuntimeException failure(String kind) {
    return switch (kind) {
      case "not-found" -> Problems.notFound("Release 7");
      case "forbidden" -> Problems.forbidden("This needs one of the roles [OPERATOR, ADMIN] in the workspace.");
      case "conflict" -> Problems.conflict("Only a release in flight can be canceled; this one is RELEASED.");
      case "invalid" -> Problems.invalid("A reason is required to cancel a release.");
      case "unprocessable" -> Problems.unprocessable("Invalid package", "app.json is missing.", "invalid-package");
      case "unavailable" -> Problems.unavailable("The workflow engine did not take the command; nothing changed.");
      case "database" -> new DataAccessResourceFailureException("Connection to localhost:5432 refused");
      default -> new IllegalStateException("secret internal state 0xCAFE");
    };
  }

  @RestController
  static class ProbeApi {
    @PostMapping("/api/v1/probe")
    Body accept(@Valid @RequestBody Body body) {
      calls.incrementAndGet();
      return body;
    }

    @GetMapping("/api/v1/probe/{id}")
    Body read(@PathVariable long id, @RequestParam(required = false) Integer page) {
      calls.incrementAndGet();
      return new Body(id, page, Color.RED, List.of(), "probe", null);
    }

    @GetMapping("/api/v1/probe-search")
    List<String> search(@RequestParam String q) {
      return List.of(q);
    }

    @PostMapping("/api/v1/probe/fail/{kind}")
    Body fail(@PathVariable String kind) {
      throw failure(kind);
    }
  }

  @Controller
  static class ProbePage {
    @GetMapping("/probe/page")
    String page(org.springframework.ui.Model model) {
      model.addAttribute("problem",
          org.springframework.http.ProblemDetail.forStatusAndDetail(HttpStatus.OK, "A page."));
      return "error/problem";
    }

    @GetMapping("/probe/fail/{kind}")
    String fail(@PathVariable String kind) {
      throw failure(kind);
    }

    @PostMapping("/probe/act")
    String act(@RequestParam(defaultValue = "") String fail, RedirectAttributes flash) {
      calls.incrementAndGet();
      return Flash.run(flash, "/probe/form", () -> {
        if (!fail.isEmpty()) {
          throw failure(fail);
        }
        return Flash.to("/probe/done", "Done.");
      });
    }
  }

  @BeforeEach
  void resetCalls() {
    calls.set(0);
  }

  private static String json(String body) {
    return body.replace('\'', '"');
  }

  private org.springframework.test.web.servlet.ResultActions send(String body) throws Exception {
    return mvc.perform(post("/api/v1/probe").with(httpBasic("dev", WebSlice.PASSWORD))
        .contentType(MediaType.APPLICATION_JSON).content(json(body)));
  }

  // --- bad input on the API ---

  @Test
  void aValidBodyComesBackAsJson() throws Exception {
    send("{'versionId': 7, 'count': 2, 'color': 'GREEN', 'ids': [1, 2], 'name': 'x', 'at': '2026-02-01T10:00:00Z'}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.versionId").value(7))
        .andExpect(jsonPath("$.color").value("GREEN"))
        .andExpect(jsonPath("$.at").value("2026-02-01T10:00:00Z"));
  }

  @Test
  void malformedJsonSaysWhereItBreaks() throws Exception {
    send("{'versionId': 7,,}")
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            startsWith("The request body is not valid JSON (line 1, column 17): ")))
        .andExpect(jsonPath("$.instance").value("/api/v1/probe"));
    assertThat(calls).hasValue(0);
  }

  @Test
  void aWrongTypeNamesTheFieldAndWhatItMustBe() throws Exception {
    send("{'versionId': 7, 'count': 'many'}").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "Field 'count': 'many' is not a whole number."));
    send("{'versionId': 7, 'color': 'BLUE'}").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "Field 'color': 'BLUE' is not one of RED, GREEN."));
    send("{'versionId': 7, 'ids': [1, 'two']}").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "Field 'ids[1]': 'two' is not a whole number."));
    send("{'versionId': 7, 'at': 'yesterday'}").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "Field 'at': 'yesterday' is not a date and time like 2026-02-01T10:00:00Z."));
    send("{'versionId': 7, 'name': {'first': 'x'}}").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "Field 'name' must be text."));
    send("{'versionId': 7, 'ids': 5}").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "Field 'ids' must be a list."));
    assertThat(calls).hasValue(0);
  }

  @Test
  void aBodyOfTheWrongShapeOrNoneIsRefused() throws Exception {
    send("[1, 2]").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "The request body must be a JSON object."));
    send("").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "The request needs a JSON body."));
    mvc.perform(post("/api/v1/probe").with(httpBasic("dev", WebSlice.PASSWORD))
        .contentType(MediaType.TEXT_PLAIN).content("versionId=7"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(calls).hasValue(0);
  }

  @Test
  void beanValidationNamesTheFirstBrokenField() throws Exception {
    send("{'count': 1}").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "Field 'versionId': must not be null"));
    send("{'versionId': 7, 'ids': [1, 2, 3, 4]}").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "Field 'ids': size must be between 0 and 3"));
    assertThat(calls).hasValue(0);
  }

  @Test
  void badPathAndQueryParametersAreNamed() throws Exception {
    mvc.perform(get("/api/v1/probe/abc").with(httpBasic("dev", WebSlice.PASSWORD)))
        .andExpect(
            problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
                "Parameter 'id': 'abc' is not a whole number."));
    mvc.perform(get("/api/v1/probe/1?page=last").with(httpBasic("dev", WebSlice.PASSWORD)))
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Parameter 'page': 'last' is not a whole number."));
    mvc.perform(get("/api/v1/probe-search").with(httpBasic("dev", WebSlice.PASSWORD)))
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Bad Request", "Required parameter 'q' is not present."));
    mvc.perform(put("/api/v1/probe/1").with(httpBasic("dev", WebSlice.PASSWORD)))
        .andExpect(problem(HttpStatus.METHOD_NOT_ALLOWED, BLANK, "Method Not Allowed",
            "Method 'PUT' is not supported."));
    assertThat(calls).hasValue(0);
  }

  // --- services' problems on the API ---

  @Test
  void problemsOfServicesKeepTheirStatusTypeTitleAndDetail() throws Exception {
    fail("not-found").andExpect(problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "Release 7 was not found."))
        .andExpect(jsonPath("$.instance").value("/api/v1/probe/fail/not-found"));
    fail("forbidden").andExpect(problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
        "This needs one of the roles [OPERATOR, ADMIN] in the workspace."));
    fail("conflict").andExpect(problem(HttpStatus.CONFLICT, "conflict", "Conflict",
        "Only a release in flight can be canceled; this one is RELEASED."));
    fail("invalid").andExpect(problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
        "A reason is required to cancel a release."));
    fail("unprocessable").andExpect(problem(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-package", "Invalid package",
        "app.json is missing."));
    fail("unavailable").andExpect(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable",
        "The workflow engine did not take the command; nothing changed."));
  }

  @Test
  void anOutageOrABugTellsNothingInternal() throws Exception {
    fail("database").andExpect(problem(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, "Database unavailable",
        DatabaseOutage.DETAIL));
    fail("bug").andExpect(problem(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL_ERROR, "Unexpected error",
        "Something went wrong on our side; nothing was changed. Please try again."))
        .andExpect(content().string(not(containsString("0xCAFE"))));
  }

  private org.springframework.test.web.servlet.ResultActions fail(String kind) throws Exception {
    return mvc.perform(post("/api/v1/probe/fail/" + kind).with(httpBasic("dev", WebSlice.PASSWORD)));
  }

  @Test
  void pagesOfferTheConsolesOfTheUsersRolesAndTheApiAsksNothingForThat() throws Exception {
    when(access.workspacesOf("admin")).thenReturn(List.of(1L));
    when(access.rolesOf("admin", 1L)).thenReturn(java.util.Set.of(dev.miniflow.workspace.Role.ADMIN));
    mvc.perform(get("/probe/page").with(user("admin")))
        .andExpect(model().attribute("navRoles", java.util.Set.of("ADMIN")))
        .andExpect(content().string(containsString("href=\"/monitor\"")));
    mvc.perform(get("/probe/page").with(user("dev")))
        .andExpect(content().string(not(containsString("href=\"/monitor\""))));
    org.mockito.Mockito.clearInvocations(access);
    mvc.perform(get("/api/v1/probe/1").with(httpBasic("admin", WebSlice.PASSWORD))).andExpect(status().isOk());
    verify(access, never()).workspacesOf(any());
  }

  // --- login and CSRF ---

  @Test
  void theApiWantsBasicCredentialsAndKeepsNoSession() throws Exception {
    var anonymous = mvc.perform(get("/api/v1/probe/1"))
        .andExpect(problem(HttpStatus.UNAUTHORIZED, UNAUTHORIZED, "Unauthorized",
            "Log in with HTTP Basic credentials to use the API."))
        .andExpect(header().string("WWW-Authenticate", "Basic realm=\"Miniflow\""))
        .andReturn();
    assertThat(anonymous.getRequest().getSession(false)).isNull();
    mvc.perform(get("/api/v1/probe/1").with(httpBasic("dev", "wrong")))
        .andExpect(status().isUnauthorized());
    var basic = mvc.perform(get("/api/v1/probe/1").with(httpBasic("dev", WebSlice.PASSWORD)))
        .andExpect(status().isOk()).andReturn();
    assertThat(basic.getRequest().getSession(false)).isNull();
    assertThat(calls).hasValue(1);
  }

  @Test
  void anApiCallWithASessionNeedsTheCsrfToken() throws Exception {
    mvc.perform(post("/api/v1/probe").with(user("dev")).with(withSession())
        .contentType(MediaType.APPLICATION_JSON).content(json("{'versionId': 7}")))
        .andExpect(problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", startsWith(
            "This request carries a session cookie but no valid CSRF token")));
    mvc.perform(post("/api/v1/probe").with(user("dev")).with(withSession()).with(csrf().asHeader())
        .contentType(MediaType.APPLICATION_JSON).content(json("{'versionId': 7}")))
        .andExpect(status().isOk());
    assertThat(calls).hasValue(1);
  }

  /** As a browser's fetch: the request names the session it belongs to. */
  private static org.springframework.test.web.servlet.request.RequestPostProcessor withSession() {
    return request -> {
      request.setRequestedSessionId("browser-session");
      return request;
    };
  }

  @Test
  void pagesSendStrangersToTheLoginPage() throws Exception {
    mvc.perform(get("/probe/fail/conflict"))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("http://localhost/login"));
    mvc.perform(get("/login")).andExpect(status().isOk()).andExpect(view().name("login"))
        .andExpect(content().string(containsString("name=\"_csrf\"")));
  }

  @Test
  void formLoginGoesHomeOrBackToTheLoginPage() throws Exception {
    mvc.perform(formLogin().user("dev").password(WebSlice.PASSWORD)).andExpect(redirectedUrl("/"));
    mvc.perform(formLogin().user("dev").password("wrong")).andExpect(redirectedUrl("/login?error"));
    mvc.perform(post("/login").param("username", "dev").param("password", WebSlice.PASSWORD))
        .andExpect(status().isForbidden());
  }

  @Test
  void pagePostsNeedTheCsrfToken() throws Exception {
    mvc.perform(post("/probe/act").with(user("dev"))).andExpect(status().isForbidden());
    mvc.perform(post("/probe/act").with(user("dev")).with(csrf().useInvalidToken())).andExpect(status().isForbidden());
    assertThat(calls).hasValue(0);
    mvc.perform(post("/probe/act").with(user("dev")).with(csrf())).andExpect(redirectedUrl("/probe/done"));
  }

  // --- problems on pages ---

  @Test
  void aFailedPageActionGoesBackWithTheProblemsDetail() throws Exception {
    mvc.perform(post("/probe/act").with(user("dev")).with(csrf()))
        .andExpect(redirectedUrl("/probe/done"))
        .andExpect(flash().attribute("success", "Done."));
    mvc.perform(post("/probe/act").param("fail", "conflict").with(user("dev")).with(csrf()))
        .andExpect(redirectedUrl("/probe/form"))
        .andExpect(flash().attribute("error", "Only a release in flight can be canceled; this one is RELEASED."))
        .andExpect(flash().attributeCount(1));
  }

  @Test
  void aPageFailsOnTheProblemPageWithTheProblemsStatus() throws Exception {
    mvc.perform(get("/probe/fail/not-found").with(user("dev")))
        .andExpect(status().isNotFound())
        .andExpect(view().name("error/problem"))
        .andExpect(model().attribute("problem", org.hamcrest.Matchers.hasProperty("detail",
            org.hamcrest.Matchers.equalTo("Release 7 was not found."))))
        .andExpect(content().string(allOf(containsString("<title>Not found · Miniflow</title>"),
            containsString("Release 7 was not found."), containsString("Log out"))));
    mvc.perform(get("/probe/fail/bug").with(user("dev")))
        .andExpect(status().isInternalServerError())
        .andExpect(content().string(allOf(containsString("Unexpected error"), not(containsString("0xCAFE")))));
  }

  @Test
  void anActionWhoseFailureIsNoProblemIsNoFlashMessage() throws Exception {
    // Flash only turns problems into messages; an outage is the 503 page
    mvc.perform(post("/probe/act").param("fail", "database").with(user("dev")).with(csrf()))
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().string(containsString(DatabaseOutage.DETAIL)));
  }

  // --- request size limits ---

  @Test
  void aBodyOverItsLimitIsRefusedUnread() throws Exception {
    String big = "{\"versionId\": 7, \"name\": \"" + "x".repeat(257 * 1024) + "\"}";
    mvc.perform(post("/api/v1/probe").with(httpBasic("dev", WebSlice.PASSWORD))
        .contentType(MediaType.APPLICATION_JSON).content(big))
        .andExpect(problem(HttpStatus.PAYLOAD_TOO_LARGE, TOO_LARGE, "Request too large",
            "The request body is larger than the 256 KB allowed here."))
        .andExpect(header().string("Connection", "close"));
    mvc.perform(post("/probe/act").with(user("dev")).with(csrf())
        .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("fail=" + "x".repeat(257 * 1024)))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(content().string("Request too large: The request body is larger than the 256 KB allowed here."));
    assertThat(calls).hasValue(0);
  }

  @Test
  void aBodyWithoutALengthStopsAtTheLimit() throws Exception {
    String big = "{\"versionId\": 7, \"name\": \"" + "x".repeat(257 * 1024) + "\"}";
    mvc.perform(new Chunked("/api/v1/probe").with(httpBasic("dev", WebSlice.PASSWORD))
        .contentType(MediaType.APPLICATION_JSON).content(big))
        .andExpect(problem(HttpStatus.PAYLOAD_TOO_LARGE, TOO_LARGE, "Request too large",
            "The request body is larger than the 256 KB allowed here."));
    assertThat(calls).hasValue(0);
  }

  /** A POST that declares no length, as a chunked upload does. */
  static final class Chunked extends AbstractMockHttpServletRequestBuilder<Chunked> {
    Chunked(String uri) {
      super(HttpMethod.POST);
      uri(uri);
    }

    @Override
    protected MockHttpServletRequest createServletRequest(ServletContext servletContext) {
      return new MockHttpServletRequest(servletContext) {
        @Override
        public int getContentLength() {
          return -1;
        }

        @Override
        public long getContentLengthLong() {
          return -1;
        }
      };
    }
  }
}
