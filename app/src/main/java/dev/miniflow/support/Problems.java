package dev.miniflow.support;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Domain failures that reach a user: each becomes an RFC 9457 problem on the API and a readable
 * message in the UI. Across workspaces "not found" is used on purpose, so no ids leak.
 */
public final class Problems {
  private Problems() {}

  public static ErrorResponseException notFound(String what) {
    return of(HttpStatus.NOT_FOUND, "Not found", what + " was not found.", "not-found");
  }

  public static ErrorResponseException forbidden(String detail) {
    return of(HttpStatus.FORBIDDEN, "Not allowed", detail, "forbidden");
  }

  public static ErrorResponseException conflict(String detail) {
    return of(HttpStatus.CONFLICT, "Conflict", detail, "conflict");
  }

  public static ErrorResponseException invalid(String detail) {
    return of(HttpStatus.BAD_REQUEST, "Invalid request", detail, "invalid-request");
  }

  public static ErrorResponseException unprocessable(String title, String detail, String type) {
    return of(HttpStatus.UNPROCESSABLE_ENTITY, title, detail, type);
  }

  public static ErrorResponseException unavailable(String detail) {
    return of(HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable", detail, "unavailable");
  }

  public static ErrorResponseException of(HttpStatus status, String title, String detail, String type) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    problem.setType(URI.create("https://miniflow.dev/problems/" + type));
    return new ErrorResponseException(status, problem, null);
  }
}
