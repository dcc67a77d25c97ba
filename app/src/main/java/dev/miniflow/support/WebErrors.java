package dev.miniflow.support;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.BindException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;

/**
 * One place that turns failures into what the caller can read: problem details under /api,
 * an error page with the same title and detail in the browser.
 */
@ControllerAdvice
class WebErrors {
  private static final Logger log = LoggerFactory.getLogger(WebErrors.class);

  @ExceptionHandler(Exception.class)
  Object handle(Exception e, HttpServletRequest request) throws Exception {
    if (e instanceof AccessDeniedException) {
      throw e; // Spring Security answers these (login redirect or 401/403)
    }
    ProblemDetail problem = toProblem(e);
    if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
      problem.setInstance(URI.create(request.getRequestURI()));
      return ResponseEntity.status(problem.getStatus())
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(problem);
    }
    ModelAndView page = new ModelAndView("error/problem");
    page.setStatus(HttpStatus.valueOf(problem.getStatus()));
    page.addObject("problem", problem);
    return page;
  }

  static ProblemDetail toProblem(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof RequestSizeLimits.TooLarge tooLarge) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Request too large", tooLarge.getMessage(),
            ProblemTypes.PAYLOAD_TOO_LARGE);
      }
    }
    if (e instanceof MaxUploadSizeExceededException) {
      return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Package too large",
          "The upload is larger than the allowed package size.", ProblemTypes.PACKAGE_TOO_LARGE);
    }
    if (e instanceof MultipartException) {
      return problem(HttpStatus.BAD_REQUEST, "Invalid upload", "The upload could not be read as multipart form data.");
    }
    if (e instanceof BindException bind) {
      var first = bind.getBindingResult().getFieldError();
      String detail = first == null ? "The request is invalid."
          : first.contains(TypeMismatchException.class)
              ? mismatch("Parameter", first.getField(), first.getRejectedValue(),
                  first.unwrap(TypeMismatchException.class).getRequiredType())
              : "Field '" + first.getField() + "': " + first.getDefaultMessage();
      return problem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
    }
    if (e instanceof DomainException domain) {
      return ProblemDetails.of(domain);
    }
    if (e instanceof ErrorResponse response) {
      return typed(response.updateAndGetBody(null, null));
    }
    if (e instanceof HttpMessageNotReadableException unreadable) {
      return problem(HttpStatus.BAD_REQUEST, "Invalid request", unreadable(unreadable));
    }
    if (e instanceof TypeMismatchException mismatch) {
      return problem(HttpStatus.BAD_REQUEST, "Invalid request",
          mismatch("Parameter", mismatch.getPropertyName(), mismatch.getValue(), mismatch.getRequiredType()));
    }
    if (e instanceof ConstraintViolationException violation) {
      return problem(HttpStatus.BAD_REQUEST, "Invalid request", violation.getMessage());
    }
    if (DatabaseOutage.causedBy(e)) {
      log.warn("Database not reachable: {}", e.getMessage());
      return problem(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable", DatabaseOutage.DETAIL,
          ProblemTypes.UNAVAILABLE);
    }
    log.error("Unexpected failure", e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error",
        "Something went wrong on our side; nothing was changed. Please try again.", ProblemTypes.INTERNAL_ERROR);
  }

  /** What is wrong with a body that could not be read, in the caller's terms (field and expected value, or where the JSON breaks). */
  static String unreadable(HttpMessageNotReadableException e) {
    Throwable cause = e.getCause();
    if (cause instanceof InvalidFormatException invalid && !path(invalid).isEmpty()) {
      return mismatch("Field", path(invalid), invalid.getValue(), invalid.getTargetType());
    }
    if (cause instanceof MismatchedInputException mismatched) {
      String field = path(mismatched);
      Class<?> type = mismatched.getTargetType();
      return field.isEmpty() ? "The request body must be a JSON " + (listLike(type) ? "array." : "object.")
          : "Field '" + field + "' must be " + expected(type) + ".";
    }
    if (cause instanceof JsonParseException parse) {
      var at = parse.getLocation();
      return "The request body is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
          + at.getColumnNr() + ")") + ": " + shortened(firstLine(parse.getOriginalMessage()), 160);
    }
    if (cause == null && String.valueOf(e.getMessage()).startsWith("Required request body is missing")) {
      return "The request needs a JSON body.";
    }
    return "The request body is not valid JSON of the expected shape.";
  }

  private static String mismatch(String kind, String name, Object value, Class<?> type) {
    return kind + " '" + name + "': " + shown(value) + " is not " + expected(type) + ".";
  }

  /** Where in the body the value is, as the caller wrote it: targetAppIds[0], scopes[1]. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "a valid value";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf)
          .collect(java.util.stream.Collectors.joining(", "));
    }
    Class<?> boxed = org.springframework.util.ClassUtils.resolvePrimitiveIfNecessary(type);
    if (boxed == Long.class || boxed == Integer.class || boxed == Short.class || boxed == java.math.BigInteger.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(boxed)) {
      return "a number";
    }
    if (boxed == Boolean.class) {
      return "true or false";
    }
    if (listLike(type)) {
      return "a list";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "text";
    }
    if (type == java.time.LocalDate.class) {
      return "a date like 2026-02-01";
    }
    if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
      return "a date and time like 2026-02-01T10:00:00Z";
    }
    return type.isRecord() || type.getPackageName().startsWith("dev.miniflow") ? "a JSON object" : "a valid value";
  }

  private static boolean listLike(Class<?> type) {
    return type != null && (type.isArray() || java.util.Collection.class.isAssignableFrom(type));
  }

  /** A value the caller sent, quoted, on one line and short enough to read. */
  private static String shown(Object value) {
    if (value == null) {
      return "an empty value";
    }
    String text = shortened(String.valueOf(value).replaceAll("\\p{Cntrl}", "?"), 40);
    return value instanceof CharSequence ? "'" + text + "'" : text;
  }

  private static String shortened(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  private static String firstLine(String text) {
    String line = text == null ? "" : text;
    int end = line.indexOf('\n');
    return end < 0 ? line : line.substring(0, end);
  }

  /** The caller's mistakes in the request itself: all of the one type invalid-request. */
  private static ProblemDetail problem(HttpStatus status, String title, String detail) {
    return problem(status, title, detail, ProblemTypes.INVALID_REQUEST);
  }

  private static ProblemDetail problem(HttpStatus status, String title, String detail, ProblemTypes.Type type) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    problem.setType(URI.create(type.uri()));
    return problem;
  }

  /** Spring's own answers (missing parameter, no such route…) get Miniflow's type of their status where it has one. */
  private static ProblemDetail typed(ProblemDetail problem) {
    if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
      ProblemTypes.forStatus(problem.getStatus()).ifPresent(type -> problem.setType(URI.create(type.uri())));
    }
    return problem;
  }
}
