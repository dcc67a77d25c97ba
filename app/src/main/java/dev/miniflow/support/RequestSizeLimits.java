package dev.miniflow.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request bodies are hostile: each route gets a size limit that is enforced before and while the
 * body is read, ahead of security and every controller. A declared length over the limit is
 * refused unread (413); a body that grows past it while streaming (chunked) stops there with the
 * same answer. Multipart uploads keep the package limits of the multipart configuration.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class RequestSizeLimits extends OncePerRequestFilter {
  /** Partners' callbacks: a status and a reason. */
  static final DataSize CALLBACK = DataSize.ofKilobytes(16);
  /** Task decisions and comments (a comment has at most 2,000 characters). */
  static final DataSize TASK = DataSize.ofKilobytes(64);
  /** BPMN and form uploads of the process console (a process has at most 2 MB). */
  static final DataSize MODEL = DataSize.ofKilobytes(2 * 1024 + 64);
  /** Every other JSON or form body. */
  static final DataSize DEFAULT = DataSize.ofKilobytes(256);

  /** The body grew past its route's limit while it was read. */
  public static final class TooLarge extends RuntimeException {
    TooLarge(long limit) {
      super("The request body is larger than the " + limit / 1024 + " KB allowed here.");
    }
  }

  static long limitFor(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.startsWith("/api/v1/partner-callbacks/")) {
      return CALLBACK.toBytes();
    }
    if (path.startsWith("/api/v1/tasks/") || path.startsWith("/tasks/")) {
      return TASK.toBytes();
    }
    if (path.startsWith("/api/v1/processes") || path.startsWith("/api/v1/forms")) {
      return MODEL.toBytes();
    }
    return DEFAULT.toBytes();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String type = request.getContentType();
    if (type != null && type.toLowerCase().startsWith("multipart/")) {
      chain.doFilter(request, response); // packages and logos: the multipart limits apply
      return;
    }
    long limit = limitFor(request);
    if (request.getContentLengthLong() > limit) {
      refuse(request, response, new TooLarge(limit));
      return;
    }
    chain.doFilter(new Bounded(request, limit), response);
  }

  private static void refuse(HttpServletRequest request, HttpServletResponse response, TooLarge tooLarge)
      throws IOException {
    response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
    response.setHeader("Connection", "close"); // the unread body is not waited for
    if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.getWriter()
          .write("{\"type\":\"/problems/payload-too-large\",\"title\":\"Request too large\",\"status\":413,"
              + "\"detail\":\"" + tooLarge.getMessage() + "\"}");
    } else {
      response.setContentType(MediaType.TEXT_PLAIN_VALUE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response.getWriter().write("Request too large: " + tooLarge.getMessage());
    }
  }

  /** A request whose body stops at the limit. */
  private static final class Bounded extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    Bounded(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream = new ServletInputStream() {
          private long read;

          @Override
          public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
              count(1);
            }
            return b;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
              count(n);
            }
            return n;
          }

          private void count(int n) {
            read += n;
            if (read > limit) {
              throw new TooLarge(limit);
            }
          }

          @Override
          public boolean isFinished() {
            return in.isFinished();
          }

          @Override
          public boolean isReady() {
            return in.isReady();
          }

          @Override
          public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
          }
        };
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      return new BufferedReader(new InputStreamReader(getInputStream(),
          encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
    }
  }
}
