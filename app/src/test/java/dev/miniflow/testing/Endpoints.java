package dev.miniflow.testing;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The endpoints Miniflow maps, read from its own request mappings, as "METHOD /pattern". */
public final class Endpoints {
  /** Public by design: their credential is a signature, a token or a code (see SecurityConfig); no role applies. */
  public static final Set<String> PUBLIC = Set.of(
      "POST /api/v1/partner-callbacks/{targetAppId}", "GET /api/v1/invitations/{token}",
      "POST /api/v1/invitations/{token}/accept", "GET /invitations/{token}", "POST /invitations/{token}",
      "GET /q/{shortCode}", "GET /p/{token}", "GET /api/v1/preview-codes/open", "GET /problems/{name}");

  private Endpoints() {}

  /** Every endpoint of Miniflow's own controllers (not springdoc's or Spring's error page). */
  public static SortedSet<String> of(RequestMappingHandlerMapping mappings) {
    SortedSet<String> endpoints = new TreeSet<>();
    mappings.getHandlerMethods().forEach((info, handler) -> {
      if (!handler.getBeanType().getPackageName().startsWith("dev.miniflow")) {
        return;
      }
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      for (var pattern : info.getPathPatternsCondition().getPatterns()) {
        for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
          endpoints.add(method.name() + " " + pattern.getPatternString());
        }
      }
    });
    return endpoints;
  }
}
