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
  /** The type of each problem: {@code /problems/<name>} (support.ProblemTypes). */
  public static final String NOT_FOUND = "not-found";
  public static final String FORBIDDEN = "forbidden";
  public static final String CONFLICT = "conflict";
  public static final String INVALID = "invalid-request";
  public static final String UNAVAILABLE = "unavailable";
  public static final String UNAUTHORIZED = "unauthorized";
  public static final String TOO_LARGE = "payload-too-large";
  public static final String INTERNAL_ERROR = "internal-error";
  /** Spring's own answers of a status Miniflow has no type for (405, 406, 415). */
  public static final String BLANK = "about:blank";

  private ProblemJson() {}

  public static ResultMatcher problem(HttpStatus status, String type, String title, String detail) {
    return problem(status, type, title, Matchers.equalTo(detail));
  }

  public static ResultMatcher problem(HttpStatus status, String type, String title, Matcher<? super String> detail) {
    return ResultMatcher.matchAll(
        status().is(status.value()),
        content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON),
        jsonPath("$.type").value(type.contains(":") ? type : "/problems/" + type),
        jsonPath("$.title").value(title),
        jsonPath("$.status").value(status.value()),
        jsonPath("$.detail").value(detail));
  }
}
