package dev.miniflow.testing;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultMatcher;

/** What an API client reads of an RFC 9457 problem: status, media type, type, title, status field and detail. */
public final class ProblemJson {
  /** The type of {@code Problems.*}: {@code https://miniflow.dev/problems/<name>}. */
  public static final String NOT_FOUND = "not-found";
  public static final String FORBIDDEN = "forbidden";
  public static final String CONFLICT = "conflict";
  public static final String INVALID = "invalid-request";
  public static final String UNAVAILABLE = "unavailable";
  /** The type of the problems WebErrors and the filters write themselves. */
  public static final String BLANK = "about:blank";

  private ProblemJson() {}

  public static ResultMatcher problem(HttpStatus status, String type, String title, String detail) {
    return problem(status, type, title, Matchers.equalTo(detail));
  }

  public static ResultMatcher problem(HttpStatus status, String type, String title, Matcher<? super String> detail) {
    return ResultMatcher.matchAll(
        status().is(status.value()),
        content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON),
        jsonPath("$.type").value(type.contains(":") ? type : "https://miniflow.dev/problems/" + type),
        jsonPath("$.title").value(title),
        jsonPath("$.status").value(status.value()),
        jsonPath("$.detail").value(detail));
  }
}
