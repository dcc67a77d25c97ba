package dev.miniflow.workspace;

import java.util.Set;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Whether the current thread serves a person's request to change something. Every page and API
 * call passes {@link WorkspaceAccess#require} with its method, so an archived workspace is
 * read-only in one place; the workers (no request) finish what was decided before it was archived.
 */
final class Changes {
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private Changes() {}

  static boolean requested() {
    return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
        && !READS.contains(request.getRequest().getMethod());
  }
}
