package dev.miniflow.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With PostgreSQL unreachable the session store (Spring Session JDBC) is too, so a page fails
 * before or after its controller, where no exception handler sees it. Outside the session filter,
 * such a failure is answered with 503 and a readable page (a problem under /api) instead of a
 * bare server error.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10) // outside Spring Session's filter (HIGHEST_PRECEDENCE + 50)
class DatabaseOutageFilter extends OncePerRequestFilter {
  private final byte[] page;

  DatabaseOutageFilter() {
    try (var in = new ClassPathResource("pages/database-unavailable.html").getInputStream()) {
      page = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (ServletException | IOException | RuntimeException e) {
      if (!DatabaseOutage.causedBy(e) || response.isCommitted()) {
        throw e;
      }
      response.reset();
      response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
      response.setHeader("Retry-After", "15");
      if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
        writeProblem(response);
      } else {
        response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
        response.getOutputStream().write(page);
      }
    }
  }

  /** The 503 problem an API caller gets while the database is away. */
  static void writeProblem(HttpServletResponse response) throws IOException {
    response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(("{\"type\":\"/problems/unavailable\",\"title\":\"Database unavailable\","
        + "\"status\":503,\"detail\":\"" + DatabaseOutage.DETAIL + "\"}").getBytes(StandardCharsets.UTF_8));
  }
}
