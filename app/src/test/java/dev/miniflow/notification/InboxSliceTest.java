package dev.miniflow.notification;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import dev.miniflow.testing.ProblemJson;
import dev.miniflow.testing.WebSlice;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The inbox page and API over a mocked Inbox: each caller reads and clears their own messages. */
@WebSlice({InboxPage.class, InboxApi.class})
class InboxSliceTest {
  static final Instant AT = Instant.parse("2026-02-01T10:00:00Z");

  @Autowired MockMvc mvc;
  @MockitoBean Inbox inbox;

  static Notification unread(long id, String subject, String link) {
    return new Notification(id, "dev", "release-11-approved", subject, "Shop 1.2.0 to Wallet", link, AT, null);
  }

  static Notification read(long id, String subject) {
    return new Notification(id, "dev", "release-10-released", subject, "Shop 1.1.0 is live", null, AT,
        AT.plusSeconds(60));
  }

  // --- API ---

  @Test
  void theApiAnswersWithTheCallersOwnMessages() throws Exception {
    when(inbox.latest("dev")).thenReturn(List.of(unread(2, "Release approved", "/releases/11"), read(1, "Released")));
    mvc.perform(get("/api/v1/notifications").with(httpBasic("dev", WebSlice.PASSWORD)))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
        .andExpect(jsonPath("$", hasSize(2)))
        .andExpect(jsonPath("$[0].id").value(2))
        .andExpect(jsonPath("$[0].recipient").value("dev"))
        .andExpect(jsonPath("$[0].dedupKey").value("release-11-approved"))
        .andExpect(jsonPath("$[0].subject").value("Release approved"))
        .andExpect(jsonPath("$[0].link").value("/releases/11"))
        .andExpect(jsonPath("$[0].createdAt").value("2026-02-01T10:00:00Z"))
        .andExpect(jsonPath("$[0].readAt").doesNotExist())
        .andExpect(jsonPath("$[1].readAt").value("2026-02-01T10:01:00Z"));
    when(inbox.latest("ops")).thenReturn(List.of());
    mvc.perform(get("/api/v1/notifications").with(httpBasic("ops", WebSlice.PASSWORD)))
        .andExpect(content().json("[]"));
  }

  @Test
  void markingReadAnswersNoContentForTheCaller() throws Exception {
    mvc.perform(post("/api/v1/notifications/read").with(httpBasic("dev", WebSlice.PASSWORD)))
        .andExpect(status().isNoContent())
        .andExpect(content().string(""));
    verify(inbox).markAllRead("dev");
  }

  @Test
  void theApiNeedsCredentials() throws Exception {
    mvc.perform(get("/api/v1/notifications"))
        .andExpect(ProblemJson.problem(HttpStatus.UNAUTHORIZED, ProblemJson.UNAUTHORIZED,
            "Unauthorized", "Log in with HTTP Basic credentials to use the API."));
    mvc.perform(post("/api/v1/notifications/read")).andExpect(status().isUnauthorized());
    mvc.perform(get("/api/v1/notifications").with(httpBasic("dev", "wrong"))).andExpect(status().isUnauthorized());
    verifyNoInteractions(inbox);
  }

  // --- page ---

  @Test
  void thePageListsMessagesUnreadInBold() throws Exception {
    when(inbox.latest("dev")).thenReturn(List.of(unread(2, "Release approved", "/releases/11"), read(1, "Released")));
    mvc.perform(get("/inbox").with(user("dev")))
        .andExpect(status().isOk())
        .andExpect(view().name("notification/inbox"))
        .andExpect(model().attribute("notifications", hasSize(2)))
        .andExpect(content().string(allOf(containsString("href=\"/releases/11\""),
            containsString("list-group-item-action fw-semibold"), containsString("<div>Release approved</div>"),
            containsString("Shop 1.1.0 is live"), containsString("2026-02-01 10:00"), containsString("href=\"#\""),
            not(containsString("Nothing yet.")))));
  }

  @Test
  void anEmptyInboxSaysSo() throws Exception {
    when(inbox.latest("ops")).thenReturn(List.of());
    mvc.perform(get("/inbox").with(user("ops")))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Nothing yet.")));
  }

  @Test
  void thePageNeedsALogin() throws Exception {
    mvc.perform(get("/inbox")).andExpect(redirectedUrl("http://localhost/login"));
    verifyNoInteractions(inbox);
  }

  @Test
  void markingReadOnThePageNeedsTheCsrfTokenAndComesBack() throws Exception {
    mvc.perform(post("/inbox/read").with(user("dev"))).andExpect(status().isForbidden());
    verifyNoInteractions(inbox);
    mvc.perform(post("/inbox/read").with(user("dev")).with(csrf())).andExpect(redirectedUrl("/inbox"));
    verify(inbox).markAllRead("dev");
  }
}
