package dev.miniflow.miniprogram;

import static dev.miniflow.testing.ProblemJson.INVALID;
import static dev.miniflow.testing.ProblemJson.problem;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import dev.miniflow.support.Problems;
import dev.miniflow.testing.WebSlice;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Texts in further languages, page and API, over mocked services. */
@WebSlice({ListingTextsApi.class, ListingTextsPage.class})
class ListingTextsSliceTest {
  @Autowired MockMvc mvc;
  @MockitoBean ListingTexts texts;
  @MockitoBean MiniProgramService miniPrograms;

  @Test
  void thePageListsTheLanguagesAndSavesOneWithAMessage() throws Exception {
    when(miniPrograms.get(3L)).thenReturn(new MiniProgram(3L, 1L, "Shop", "d", "c", "dev",
        Instant.parse("2026-02-01T10:00:00Z"), "en", null, null, null));
    when(texts.list(3L)).thenReturn(List.of(new ListingText("de", "Laden", "Ein Laden")));
    mvc.perform(get("/mini-programs/3/texts").with(user("dev")))
        .andExpect(content().string(allOf(containsString("Laden"), containsString("Ein Laden"),
            containsString("action=\"/mini-programs/3/texts/de/remove\""), containsString("id=\"save-texts\""))));
    mvc.perform(post("/mini-programs/3/texts").param("language", "fr").param("name", "Boutique")
        .param("description", "Une boutique").with(user("dev")).with(csrf()))
        .andExpect(redirectedUrl("/mini-programs/3/texts"))
        .andExpect(
            flash().attribute("success", "Texts in fr saved; where the mini program is live they go to review."));
    verify(texts).put(3L, "fr", "Boutique", "Une boutique");
    when(texts.remove(3L, "de")).thenThrow(Problems.conflict("A listing change of Shop waits for its review."));
    mvc.perform(post("/mini-programs/3/texts/de/remove").with(user("dev")).with(csrf()))
        .andExpect(flash().attribute("error", "A listing change of Shop waits for its review."));
  }

  @Test
  void theApiChecksTheBodyBeforeTheService() throws Exception {
    when(texts.put(3L, "de", "Laden", "Ein Laden")).thenReturn(List.of(new ListingText("de", "Laden", "Ein Laden")));
    mvc.perform(put("/api/v1/mini-programs/3/texts/de").with(httpBasic("dev", WebSlice.PASSWORD))
        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"Laden\", \"description\": \"Ein Laden\"}"))
        .andExpect(jsonPath("$[0].language").value("de"));
    mvc.perform(put("/api/v1/mini-programs/3/texts/de").with(httpBasic("dev", WebSlice.PASSWORD))
        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"Laden\"}"))
        .andExpect(
            problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'description': must not be null"));
    verify(texts, never()).put(3L, "de", "Laden", null);
  }
}
