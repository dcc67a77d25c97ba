package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
import dev.miniflow.support.DomainException.Kind;

/**
 * Domain failures that reach a user: each becomes an RFC 9457 problem on the API and a readable
 * message in the UI. Across workspaces "not found" is used on purpose, so no ids leak.
 */
@NamedInterface("api")
public final class Problems {
  private Problems() {}

  public static DomainException notFound(String what) {
    return of(Kind.NOT_FOUND, "Not found", what + " was not found.", "not-found");
  }

  public static DomainException forbidden(String detail) {
    return of(Kind.FORBIDDEN, "Not allowed", detail, "forbidden");
  }

  public static DomainException conflict(String detail) {
    return of(Kind.CONFLICT, "Conflict", detail, "conflict");
  }

  public static DomainException invalid(String detail) {
    return of(Kind.INVALID, "Invalid request", detail, "invalid-request");
  }

  public static DomainException unprocessable(String title, String detail, String type) {
    return of(Kind.UNPROCESSABLE, title, detail, type);
  }

  public static DomainException unavailable(String detail) {
    return of(Kind.UNAVAILABLE, "Temporarily unavailable", detail, "unavailable");
  }

  public static DomainException of(Kind kind, String title, String detail, String type) {
    return new DomainException(kind, title, detail, type);
  }
}
