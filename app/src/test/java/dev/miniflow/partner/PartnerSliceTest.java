package dev.miniflow.partner;

import static dev.miniflow.testing.ProblemJson.TOO_LARGE;
import static dev.miniflow.testing.ProblemJson.CONFLICT;
import static dev.miniflow.testing.ProblemJson.INVALID;
import static dev.miniflow.testing.ProblemJson.NOT_FOUND;
import static dev.miniflow.testing.ProblemJson.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.miniflow.support.Hmac;
import dev.miniflow.support.Problems;
import dev.miniflow.testing.WebSlice;
import dev.miniflow.workspace.WorkspaceAccess;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Target app settings and the partners' signed go-live callbacks over mocked partner services. */
@WebSlice({TargetAppApi.class, PartnerCallbackApi.class, TargetAppPages.class})
@RecordApplicationEvents
class PartnerSliceTest {
  static final String SECRET = "partner-secret-0123456789";

  @Autowired MockMvc mvc;
  @Autowired WorkspaceAccess access;
  @Autowired ApplicationEvents events;
  @MockitoBean TargetApps targetApps;
  @MockitoBean TargetAppRepository repository;
  @MockitoBean TargetAppAdministration administration;
  @MockitoBean dev.miniflow.workspace.WorkspaceService workspaceNames;

  static TargetApp wallet(String secret) {
    return new TargetApp(9L, 1L, "wallet", "Wallet", "http", TargetAppKind.NATIVE, true,
        "https://partner.example/publish", secret);
  }

  @BeforeEach
  void apps() {
    when(repository.findById(9L)).thenReturn(Optional.of(wallet(SECRET)));
    when(repository.findById(10L)).thenReturn(Optional.of(wallet(null)));
    when(repository.findById(11L)).thenReturn(Optional.empty());
    when(targetApps.currentRules(org.mockito.ArgumentMatchers.any()))
        .thenReturn(ListingRuleSet.defaultsFor(TargetAppKind.NATIVE));
  }

  private ResultActions api(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.with(httpBasic("dev", WebSlice.PASSWORD)));
  }

  private ResultActions api(MockHttpServletRequestBuilder request, String json) throws Exception {
    return api(request.contentType(MediaType.APPLICATION_JSON).content(json.replace('\'', '"')));
  }

  /** A partner's callback: no Miniflow account, the body signed with the target app's secret (or not). */
  private ResultActions callback(long targetAppId, String body, String signature) throws Exception {
    var request =
        post("/api/v1/partner-callbacks/" + targetAppId).contentType(MediaType.APPLICATION_JSON).content(body);
    return mvc.perform(signature == null ? request : request.header("X-Partner-Signature", signature));
  }

  static String signed(String body) {
    return "sha256=" + Hmac.sha256Hex(SECRET.getBytes(StandardCharsets.UTF_8), body);
  }

  private List<PartnerConfirmation> confirmations() {
    return events.stream(PartnerConfirmation.class).toList();
  }

  // --- target apps ---

  @Test
  void targetAppsAreAnsweredWithoutTheirSecret() throws Exception {
    when(targetApps.ofWorkspace(1L)).thenReturn(List.of(wallet(SECRET)));
    api(get("/api/v1/workspaces/1/target-apps"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$", hasSize(1)))
        .andExpect(jsonPath("$[0].id").value(9))
        .andExpect(jsonPath("$[0].workspaceId").value(1))
        .andExpect(jsonPath("$[0].code").value("wallet"))
        .andExpect(jsonPath("$[0].name").value("Wallet"))
        .andExpect(jsonPath("$[0].connector").value("http"))
        .andExpect(jsonPath("$[0].kind").value("NATIVE"))
        .andExpect(jsonPath("$[0].sandboxReviewRequired").value(true))
        .andExpect(jsonPath("$[0].endpointUrl").value("https://partner.example/publish"))
        .andExpect(jsonPath("$[0].secret").doesNotExist());
    verify(access).requireMember(1L, "Workspace 1");
    mvc.perform(get("/api/v1/workspaces/1/target-apps")).andExpect(status().isUnauthorized());
  }

  @Test
  void anotherWorkspacesTargetAppsAreNotFound() throws Exception {
    when(access.requireMember(2L, "Workspace 2")).thenThrow(Problems.notFound("Workspace 2"));
    api(get("/api/v1/workspaces/2/target-apps"))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Workspace 2 was not found."));
    verify(targetApps, never()).ofWorkspace(anyLong());
  }

  @Test
  void settingsAreCheckedBeforeTheService() throws Exception {
    when(administration.configure(9L, "Wallet 2", null, null, null, false)).thenReturn(wallet(SECRET));
    api(put("/api/v1/target-apps/9"), "{'name': 'Wallet 2', 'sandboxReviewRequired': false}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.code").value("wallet"))
        .andExpect(jsonPath("$.secret").doesNotExist());
    api(put("/api/v1/target-apps/9"), "{'secret': 'too-short'}").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "Field 'secret': size must be between 16 and 128"));
    api(put("/api/v1/target-apps/9"), "{'name': ''}").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "Field 'name': size must be between 1 and 128"));
    api(put("/api/v1/target-apps/9"), "{'endpointUrl': 'https://" + "h".repeat(505) + "'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'endpointUrl': size must be between 0 and 512"));
    api(put("/api/v1/target-apps/9"), "{'sandboxReviewRequired': 'maybe'}")
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            org.hamcrest.Matchers.containsString("'sandboxReviewRequired'")));
    when(administration.configure(9L, null, null, "http://10.0.0.1/publish", null, null))
        .thenThrow(Problems.invalid("The endpoint must not be a private or local address."));
    api(put("/api/v1/target-apps/9"), "{'endpointUrl': 'http://10.0.0.1/publish'}").andExpect(problem(
        HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "The endpoint must not be a private or local address."));
    verify(administration, never()).configure(9L, null, null, null, "too-short", null);
  }

  // --- partner callbacks ---

  @Test
  void aSignedConfirmationIsPassedOnWithoutAnAccount() throws Exception {
    String body = "{\"idempotencyKey\": \"rel-11-9\", \"status\": \"LIVE\"}";
    callback(9, body, signed(body)).andExpect(status().isNoContent());
    String rejected = "{\"idempotencyKey\": \"rel-12-9\", \"status\": \"REJECTED\", \"reason\": \"policy 3\"}";
    callback(9, rejected, signed(rejected).substring("sha256=".length())).andExpect(status().isNoContent());
    assertThat(confirmations()).containsExactly(new PartnerConfirmation(9L, "rel-11-9", "LIVE", null),
        new PartnerConfirmation(9L, "rel-12-9", "REJECTED", "policy 3"));
  }

  @Test
  void anUnsignedOrForgedConfirmationChangesNothing() throws Exception {
    String body = "{\"idempotencyKey\": \"rel-11-9\", \"status\": \"LIVE\"}";
    String forged = "{\"idempotencyKey\": \"rel-11-9\", \"status\": \"REJECTED\"}";
    for (String signature : new String[] {null, "sha256=00", signed(forged), "sha256=" + "zz".repeat(32)}) {
      callback(9, body, signature).andExpect(problem(HttpStatus.UNAUTHORIZED, "invalid-signature",
          "Invalid signature", "The X-Partner-Signature header does not match the body."));
    }
    // a target app without a secret, or none at all, takes no callbacks
    callback(10, body, signed(body)).andExpect(
        problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Target app 10 was not found."));
    callback(11, body, signed(body)).andExpect(
        problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Target app 11 was not found."));
    assertThat(confirmations()).isEmpty();
  }

  @Test
  void aSignedBodyMustBeAConfirmation() throws Exception {
    String notJson = "LIVE please";
    callback(9, notJson, signed(notJson)).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "The body must be JSON with idempotencyKey and status."));
    for (String body : List.of("{\"idempotencyKey\": \"k\", \"status\": \"MAYBE\"}", "{\"status\": \"LIVE\"}",
        "{\"idempotencyKey\": \" \", \"status\": \"LIVE\"}", "[]")) {
      callback(9, body, signed(body)).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
          "The body needs an idempotencyKey and a status of LIVE or REJECTED."));
    }
    callback(9, "", signed("")).andExpect(status().isBadRequest());
    assertThat(confirmations()).isEmpty();
  }

  @Test
  void aCallbackOverSixteenKilobytesIsRefusedUnread() throws Exception {
    String body = "{\"idempotencyKey\": \"rel-11-9\", \"status\": \"LIVE\", \"reason\": \"" + "r".repeat(17 * 1024)
        + "\"}";
    callback(9, body, signed(body)).andExpect(problem(HttpStatus.PAYLOAD_TOO_LARGE, TOO_LARGE, "Request too large",
        "The request body is larger than the 16 KB allowed here."));
    verifyNoInteractions(repository);
    assertThat(confirmations()).isEmpty();
  }

  @Test
  void newTargetAppsAndTheirRulesAreCheckedBeforeTheService() throws Exception {
    when(administration.create(org.mockito.ArgumentMatchers.eq(1L), org.mockito.ArgumentMatchers.any()))
        .thenReturn(wallet(SECRET));
    api(post("/api/v1/workspaces/1/target-apps"), "{'code': 'wallet', 'name': 'Wallet', 'kind': 'PARTNER',"
        + " 'listingRules': {'nameMax': 20}}")
        .andExpect(status().isCreated())
        .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header().string("Location",
            "/api/v1/target-apps/9"))
        .andExpect(jsonPath("$.enabled").value(true))
        .andExpect(jsonPath("$.listingRules.logoSquare").value(false));
    verify(administration).create(1L, new TargetAppAdministration.NewTargetApp("wallet", "Wallet",
        TargetAppKind.PARTNER, null, null, null, null, new ListingRuleSet(null, null, null, 20, null, null, false,
            false, null, false, null, null, null, null)));
    api(post("/api/v1/workspaces/1/target-apps"), "{'code': 'x', 'kind': 'HUGE'}").andExpect(problem(
        HttpStatus.BAD_REQUEST, INVALID, "Invalid request", org.hamcrest.Matchers.containsString("'kind'")));
    api(put("/api/v1/target-apps/9/listing-rules"), "{'nameMin': -1}").andExpect(problem(HttpStatus.BAD_REQUEST,
        INVALID, "Invalid request", "Field 'nameMin': must be greater than or equal to 0"));
    api(put("/api/v1/target-apps/9/listing-rules"), "{'maxVersionsKept': 0}").andExpect(problem(
        HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "Field 'maxVersionsKept': must be greater than or equal to 1"));
    verify(administration, never()).changeRules(anyLong(), org.mockito.ArgumentMatchers.any());
    when(administration.setEnabled(9L, false)).thenThrow(Problems.conflict("This target app is disabled already."));
    api(post("/api/v1/target-apps/9/disable")).andExpect(
        problem(HttpStatus.CONFLICT, CONFLICT, "Conflict", "This target app is disabled already."));
  }

  @Test
  void adminsChangeTargetAppsOnThePageMembersReadThem() throws Exception {
    when(targetApps.ofWorkspace(1L)).thenReturn(java.util.List.of(wallet(SECRET)));
    when(targetApps.get(9L)).thenReturn(wallet(SECRET));
    when(targetApps.currentRules(wallet(SECRET))).thenReturn(ListingRuleSet.defaultsFor(TargetAppKind.STRICT));
    when(access.rolesOf("ann", 1L)).thenReturn(java.util.Set.of(dev.miniflow.workspace.Role.ADMIN));
    when(access.rolesOf("dev", 1L)).thenReturn(java.util.Set.of(dev.miniflow.workspace.Role.DEVELOPER));
    var page = org.springframework.test.web.servlet.result.MockMvcResultMatchers.content();
    String html = mvc.perform(get("/workspaces/1/target-apps").with(user("ann"))).andReturn().getResponse()
        .getContentAsString().replaceAll("\\s+", " ");
    assertThat(html).contains("action=\"/target-apps/9/listing-rules\"", "action=\"/target-apps/9/disable\"",
        "id=\"add-target-app\"",
        // the layout's labelled field: the label tied to its input, only the attributes asked for
        "<label class=\"form-label small\" for=\"nameMin-9\">Name, at least</label>",
        "id=\"nameMin-9\" name=\"nameMin\" value=\"3\" type=\"number\" min=\"0\">",
        "value=\"Wallet\" type=\"text\" maxlength=\"128\" required=\"required\">",
        "aria-describedby=\"endpoint-9-hint\"").doesNotContain("placeholder=\"\"");
    mvc.perform(get("/workspaces/1/target-apps").with(user("dev")))
        .andExpect(page.string(org.hamcrest.Matchers.allOf(
            org.hamcrest.Matchers.containsString("Sandbox releases are reviewed"),
            org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("/target-apps/9/disable")))));
    mvc.perform(post("/target-apps/9/listing-rules").param("nameMin", "50").param("nameMax", "40")
        .with(user("ann")).with(csrf()))
        .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl(
            "/workspaces/1/target-apps"))
        .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash().attribute("success",
            "Listing rules saved; they apply to releases asked for from now on."));
    verify(administration).changeRules(9L, new ListingRuleSet(null, null, 50, 40, null, null, false, false, null,
        false, null, null, null, null));
    mvc.perform(post("/target-apps/9/listing-rules").param("maxVersionsKept", "-3").with(user("ann")).with(csrf()))
        .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash().attribute("error",
            "Each limit is a whole number from 0 to 1,000,000."));
    mvc.perform(post("/target-apps/9/disable").with(user("ann"))).andExpect(status().isForbidden());
  }
}
