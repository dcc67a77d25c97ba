package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure to tell the user about, in the domain's terms (services know no HTTP); built by
 * {@link Problems}. The web layer turns it into an RFC 9457 problem on the API and a readable
 * message on pages ({@link ProblemDetails}, {@link Flash}).
 */
@NamedInterface("api")
public class DomainException extends RuntimeException {
  /** What went wrong, as the caller would put it. */
  @NamedInterface("api")
  public enum Kind {
    INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, GONE, TOO_LARGE, UNPROCESSABLE, TOO_MANY_ATTEMPTS,
    BROKEN, UNAVAILABLE
  }

  private final Kind kind;
  private final String title;
  private final String type;
  private final Map<String, Object> properties = new LinkedHashMap<>();

  /** @param type the problem type's last path segment (/problems/{type}, a page of ProblemTypes) */
  public DomainException(Kind kind, String title, String detail, String type) {
    super(detail, null, false, false); // an answer to a caller, not a fault: no stack trace
    this.kind = kind;
    this.title = title;
    this.type = type;
  }

  /** An extra member of the problem (e.g. the list of model problems). */
  public DomainException with(String name, Object value) {
    properties.put(name, value);
    return this;
  }

  public Kind kind() {
    return kind;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public String type() {
    return type;
  }

  public Map<String, Object> properties() {
    return Collections.unmodifiableMap(properties);
  }
}
