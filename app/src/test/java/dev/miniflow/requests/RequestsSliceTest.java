package dev.miniflow.requests;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.miniflow.testing.WebSlice;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** My requests, page and API, over a mocked collector. */
@WebSlice({MyRequestsApi.class, MyRequestsPage.class})
class RequestsSliceTest {
  static final Instant AT = Instant.parse("2026-11-30T09:15:00Z");

  @Autowired MockMvc mvc;
  @MockitoBean MyRequests requests;

  static List<MyRequests.MyRequest> mine() {
    return List.of(
        new MyRequests.MyRequest(new Request(Request.Kind.RELEASE, 5, 1, "Coffee 1.0.0 → Pay (PRODUCTION)",
            "UNDER_REVIEW", AT, "release", "/releases/5", "/api/v1/releases/5/withdraw"), "Review release",
            "reviewers", List.of()),
        new MyRequests.MyRequest(new Request(Request.Kind.ACCESS, 8, 1, "Access to Coffee: UPLOAD for 5 days",
            "ACTIVE", AT, "authorization", "/mini-programs/3/access", null), null, null, List.of()));
  }

  @Test
  void theApiListsEachRequestWithItsNextStepAndWithdrawCall() throws Exception {
    when(requests.mine()).thenReturn(mine());
    mvc.perform(get("/api/v1/me/requests").with(httpBasic("dev", WebSlice.PASSWORD)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$", hasSize(2)))
        .andExpect(jsonPath("$[0].kind").value("RELEASE"))
        .andExpect(jsonPath("$[0].nextStep").value("Review release"))
        .andExpect(jsonPath("$[0].heldBy").value("reviewers"))
        .andExpect(jsonPath("$[0].withdraw").value("/api/v1/releases/5/withdraw"))
        .andExpect(jsonPath("$[1].withdraw").doesNotExist());
    mvc.perform(get("/api/v1/me/requests")).andExpect(status().isUnauthorized());
  }

  @Test
  void thePageOffersWithdrawOnlyWhereItIsAllowed() throws Exception {
    when(requests.mine()).thenReturn(mine());
    mvc.perform(get("/requests").with(user("dev")))
        .andExpect(content().string(allOf(containsString("Coffee 1.0.0 → Pay (PRODUCTION)"),
            containsString("Review release — reviewers"), containsString("action=\"/releases/5/withdraw\""),
            containsString("nobody's turn"), not(containsString("/mini-programs/3/access/withdraw")))));
    when(requests.mine()).thenReturn(List.of());
    mvc.perform(get("/requests").with(user("dev")))
        .andExpect(content().string(containsString("You have not asked for anything yet.")));
    mvc.perform(get("/requests")).andExpect(redirectedUrl("http://localhost/login"));
  }
}
