package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The web side of {@link DomainException}: its HTTP status and RFC 9457 problem. */
@NamedInterface("api")
public final class ProblemDetails {
  private ProblemDetails() {}

  public static HttpStatus status(DomainException.Kind kind) {
    return switch (kind) {
      case INVALID -> HttpStatus.BAD_REQUEST;
      case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
      case FORBIDDEN -> HttpStatus.FORBIDDEN;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case CONFLICT -> HttpStatus.CONFLICT;
      case GONE -> HttpStatus.GONE;
      case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
      case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_ENTITY;
      case TOO_MANY_ATTEMPTS -> HttpStatus.TOO_MANY_REQUESTS;
      case BROKEN -> HttpStatus.INTERNAL_SERVER_ERROR;
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
    };
  }

  public static ProblemDetail of(DomainException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(e.kind()), e.detail());
    problem.setTitle(e.title());
    problem.setType(URI.create("/problems/" + e.type())); // explained at GET /problems/{name}
    e.properties().forEach(problem::setProperty);
    return problem;
  }
}
