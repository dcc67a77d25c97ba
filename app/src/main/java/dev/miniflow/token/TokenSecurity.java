package dev.miniflow.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Calls with {@code Authorization: Bearer <token>}: stateless, no CSRF (a browser never adds this
 * header by itself), API and metrics only. Which scope a call needs is decided here by method and
 * path; what the owner may do is decided, as for any call, by the features' own role checks.
 */
@Configuration
class TokenSecurity {
  /**
   * Only Miniflow's own tokens (by their prefix): another system's bearer header (a proxy's JWT, a
   * partner's) reaches the other chains as before.
   */
  static final RequestMatcher BEARER = request -> {
    String header = request.getHeader("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && java.util.Arrays.stream(TokenKind.values()).anyMatch(kind -> header.startsWith(kind.prefix(), 7));
  };
  /** Where a refusal keeps the scope that was missing, for the 403's explanation. */
  private static final String MISSING_SCOPE = TokenSecurity.class.getName() + ".missingScope";

  @Bean
  @Order(0) // before the metrics and API chains, which know only Basic and sessions
  SecurityFilterChain tokenCalls(HttpSecurity http, AccessTokens tokens, WorkspaceAccess access, ObjectMapper json)
      throws Exception {
    return http
        .securityMatcher(BEARER)
        .addFilterBefore(new BearerTokenFilter(tokens, json), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(auth -> auth
            .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
            // the metrics cover every workspace: for a token whose owner administers one, as for Basic
            .requestMatchers(EndpointRequest.to("prometheus")).access(scope(TokenScope.METRICS, access))
            .requestMatchers(EndpointRequest.toAnyEndpoint()).denyAll()
            // a token never makes credentials (tokens, invitation links): a stolen one could renew itself
            .requestMatchers("/api/v1/me/tokens", "/api/v1/me/tokens/**", "/api/v1/workspaces/*/service-tokens",
                "/api/v1/workspaces/*/service-tokens/**", "/api/v1/workspaces/*/invitations",
                "/api/v1/workspaces/*/invitations/**", "/api/v1/platform/workspaces/*/invitations",
                "/api/v1/invitations/**")
            .denyAll()
            .requestMatchers(HttpMethod.GET, "/api/**").access(scope(TokenScope.READ, access))
            .requestMatchers(HttpMethod.HEAD, "/api/**").access(scope(TokenScope.READ, access))
            // checks that change nothing
            .requestMatchers(HttpMethod.POST, "/api/v1/processes/validate", "/api/v1/processes/diff",
                "/api/v1/forms/validate", "/api/v1/monitor/instances/*/migration-preview")
            .access(scope(TokenScope.READ, access))
            .requestMatchers(HttpMethod.POST, "/api/v1/mini-programs/*/versions")
            .access(scope(TokenScope.UPLOAD, access))
            .requestMatchers(HttpMethod.POST, "/api/v1/releases", "/api/v1/releases/*/cancel",
                "/api/v1/releases/*/withdraw")
            .access(scope(TokenScope.RELEASE, access))
            .requestMatchers(HttpMethod.POST, "/api/v1/tasks/**").access(scope(TokenScope.REVIEW, access))
            .requestMatchers("/api/**").access(scope(TokenScope.ADMIN, access))
            // pages are for people
            .anyRequest().denyAll())
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.requestCache(new NullRequestCache()))
        .csrf(csrf -> csrf.disable())
        .exceptionHandling(ex -> ex
            .authenticationEntryPoint((request, response, e) -> refuse(response, json, e.getMessage()))
            .accessDeniedHandler((request, response, e) -> forbid(request, response, json)))
        .build();
  }

  private static AuthorizationManager<RequestAuthorizationContext> scope(TokenScope needed, WorkspaceAccess access) {
    return (authentication, context) -> {
      boolean allowed = authentication.get() instanceof TokenAuthentication token && token.allows(needed)
          && (needed != TokenScope.METRICS
              || !access.workspacesWithRole(token.getName(), Role.ADMIN).isEmpty());
      if (!allowed) {
        context.getRequest().setAttribute(MISSING_SCOPE, needed);
      }
      return new AuthorizationDecision(allowed);
    };
  }

  /** 401: the token itself cannot be used (RFC 6750's invalid_token). */
  static void refuse(HttpServletResponse response, ObjectMapper json, String detail) throws IOException {
    response.setHeader("WWW-Authenticate",
        "Bearer realm=\"Miniflow\", error=\"invalid_token\", error_description=\"" + detail.replace('"', '\'') + "\"");
    problem(response, json, HttpStatus.UNAUTHORIZED, detail);
  }

  /** 403: a valid token, but not for this call. */
  private static void forbid(HttpServletRequest request, HttpServletResponse response, ObjectMapper json)
      throws IOException {
    if (request.getAttribute(MISSING_SCOPE) instanceof TokenScope needed) {
      response.setHeader("WWW-Authenticate",
          "Bearer realm=\"Miniflow\", error=\"insufficient_scope\", scope=\"" + needed.code() + "\"");
      problem(response, json, HttpStatus.FORBIDDEN, needed == TokenScope.METRICS
          ? "The metrics need a token with the scope 'metrics' whose owner is an admin of a workspace."
          : "This token does not have the scope '" + needed.code() + "' this call needs.");
      return;
    }
    problem(response, json, HttpStatus.FORBIDDEN, "Access tokens are for the API and the metrics: pages, other"
        + " actuator endpoints, tokens and invitations need a person's own login.");
  }

  private static void problem(HttpServletResponse response, ObjectMapper json, HttpStatus status, String detail)
      throws IOException {
    var body = new LinkedHashMap<String, Object>();
    // the problem types of support.ProblemTypes, explained at /problems/{name}
    body.put("type", status == HttpStatus.UNAUTHORIZED ? "/problems/unauthorized" : "/problems/forbidden");
    body.put("title", status.getReasonPhrase());
    body.put("status", status.value());
    body.put("detail", detail);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), body);
  }

  /** Checks the bearer secret and runs the call as the token's owner; refuses an unusable token at once. */
  static final class BearerTokenFilter extends OncePerRequestFilter {
    private final AccessTokens tokens;
    private final ObjectMapper json;
    private final RequestAttributeSecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();

    BearerTokenFilter(AccessTokens tokens, ObjectMapper json) {
      this.tokens = tokens;
      this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String secret = request.getHeader("Authorization").substring(7).strip();
      AccessToken token;
      try {
        token = tokens.check(secret);
      } catch (AccessTokens.TokenRefused e) {
        refuse(response, json, e.getMessage());
        return;
      }
      var strategy = SecurityContextHolder.getContextHolderStrategy();
      var context = strategy.createEmptyContext();
      context.setAuthentication(new TokenAuthentication(token));
      strategy.setContext(context);
      // kept for the request's error and async dispatches, which this filter does not see again
      contexts.saveContext(context, request, response);
      chain.doFilter(request, response);
    }
  }
}
