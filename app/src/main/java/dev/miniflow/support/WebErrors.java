package dev.miniflow.support;

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
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Request too large", tooLarge.getMessage());
      }
    }
    if (e instanceof MaxUploadSizeExceededException) {
      return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Package too large",
          "The upload is larger than the allowed package size.");
    }
    if (e instanceof MultipartException) {
      return problem(HttpStatus.BAD_REQUEST, "Invalid upload", "The upload could not be read as multipart form data.");
    }
    if (e instanceof BindException bind) {
      var first = bind.getBindingResult().getFieldError();
      String detail = first == null ? "The request is invalid."
          : "Field '" + first.getField() + "': " + first.getDefaultMessage();
      return problem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
    }
    if (e instanceof ErrorResponse response) {
      return response.updateAndGetBody(null, null);
    }
    if (e instanceof HttpMessageNotReadableException) {
      return problem(HttpStatus.BAD_REQUEST, "Invalid request", "The request body is not valid JSON of the expected shape.");
    }
    if (e instanceof TypeMismatchException mismatch) {
      return problem(HttpStatus.BAD_REQUEST, "Invalid request",
          "Parameter '" + mismatch.getPropertyName() + "' has an invalid value.");
    }
    if (e instanceof ConstraintViolationException violation) {
      return problem(HttpStatus.BAD_REQUEST, "Invalid request", violation.getMessage());
    }
    if (DatabaseOutage.causedBy(e)) {
      log.warn("Database not reachable: {}", e.getMessage());
      return problem(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable", DatabaseOutage.DETAIL);
    }
    log.error("Unexpected failure", e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error",
        "Something went wrong on our side; nothing was changed. Please try again.");
  }

  private static ProblemDetail problem(HttpStatus status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    return problem;
  }
}
