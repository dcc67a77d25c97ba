package dev.miniflow.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import java.util.Map;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * People log in with a form and a session (CSRF on); API clients use HTTP Basic and need no CSRF
 * token because they never rely on a cookie. An API call without a session is stateless: it
 * creates none (not even when answered 401), so anonymous callers cannot fill the session table.
 * A request that carries a session is always checked for CSRF, whatever other credentials it
 * has. Who may do what inside a workspace is decided by the workspace feature's access policy,
 * not here.
 */
@Configuration
@EnableMethodSecurity
@org.springframework.boot.context.properties.EnableConfigurationProperties(PasswordSettings.class)
class SecurityConfig {

  private static final RequestMatcher API =
      request -> request.getRequestURI().startsWith(request.getContextPath() + "/api/");

  /**
   * No observation of each security filter, authentication and authorization: each request went
   * through a dozen observation wrappers (about 2 % of the CPU under load) for timers nobody reads;
   * requests are still timed as a whole ({@code http.server.requests}).
   */
  @Bean
  static org.springframework.security.config.observation.SecurityObservationSettings securityObservations() {
    return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
  }

  /** API calls that carry no session: Basic or anonymous, never stored in a session, no CSRF (no cookie to ride on). */
  @Bean
  @Order(2)
  SecurityFilterChain statelessApi(HttpSecurity http) throws Exception {
    http
        .securityMatcher(request -> API.matches(request) && request.getRequestedSessionId() == null)
        .authorizeHttpRequests(SecurityConfig::rules)
        .httpBasic(basic -> basic.authenticationEntryPoint(apiEntryPoint()))
        .sessionManagement(session -> session.sessionCreationPolicy(
            SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.requestCache(new NullRequestCache()))
        .csrf(csrf -> csrf.disable())
        .exceptionHandling(ex -> ex.authenticationEntryPoint(apiEntryPoint()).accessDeniedHandler(apiAccessDenied()));
    return http.build();
  }

  private static void rules(
      AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
    auth
        .requestMatchers("/login", "/webjars/**", "/css/**", "/js/**", "/vendor/**", "/favicon.ico", "/error",
            "/actuator/health", "/actuator/health/**")
        .permitAll()
        // what a problem's type means, for anyone who got one (ProblemTypes)
        .requestMatchers(HttpMethod.GET, "/problems/*").permitAll()
        // partners have no account: their callbacks are verified by signature instead
        .requestMatchers(HttpMethod.POST, PARTNER_CALLBACKS).permitAll()
        // invitees have no account yet: the signed, single-use token is their credential
        .requestMatchers(INVITATIONS).permitAll()
        // scanned codes: the public opens promotion links; preview codes are signed and name their testers
        .requestMatchers(HttpMethod.GET, SCANNED_CODES).permitAll()
        .anyRequest().authenticated();
  }

  private static final String PARTNER_CALLBACKS = "/api/v1/partner-callbacks/*";
  private static final String[] INVITATIONS =
      {"/invitations/*", "/api/v1/invitations/*", "/api/v1/invitations/*/accept"};
  private static final String[] SCANNED_CODES = {"/q/*", "/p/*", "/api/v1/preview-codes/open"};

  /** Whether {@link #rules} let anyone make this call, without credentials (for the API description). */
  static boolean isPublic(HttpMethod method, String path) {
    var paths = new org.springframework.util.AntPathMatcher();
    return HttpMethod.POST.equals(method) && paths.match(PARTNER_CALLBACKS, path)
        || java.util.Arrays.stream(INVITATIONS).anyMatch(pattern -> paths.match(pattern, path))
        || HttpMethod.GET.equals(method)
            && java.util.Arrays.stream(SCANNED_CODES).anyMatch(pattern -> paths.match(pattern, path));
  }

  private static AccessDeniedHandler apiAccessDenied() {
    return (request, response, e) -> {
      if (e instanceof CsrfException && API.matches(request) && request.getHeader("Authorization") != null) {
        // a machine's call that also sent a cookie: its credentials are refused, so say how to call
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader("WWW-Authenticate", "Basic realm=\"Miniflow\"");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"type\":\"/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"This call sends credentials and a session cookie but no CSRF token: send Basic or"
            + " token calls without the cookie, or send the page's token in the X-CSRF-TOKEN header.\"}");
        return;
      }
      response.setStatus(HttpStatus.FORBIDDEN.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      String detail = e instanceof CsrfException
          ? "This request carries a session cookie but no valid CSRF token: send the page's token in the"
              + " X-CSRF-TOKEN header, or call the API with HTTP Basic credentials and no session cookie."
          : "You are not allowed to do this.";
      response.getWriter().write("{\"type\":\"/problems/forbidden\",\"title\":\"Forbidden\",\"status\":403,"
          + "\"detail\":\"" + detail + "\"}");
    };
  }

  private static AuthenticationEntryPoint apiEntryPoint() {
    return (request, response, e) -> {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      if (DatabaseOutage.causedBy(e)) {
        // the user store is unreachable: not the caller's fault, and not a wrong password
        DatabaseOutageFilter.writeProblem(response);
        return;
      }
      if (e instanceof TooManyLoginAttempts tooMany) {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader("Retry-After", String.valueOf(Math.max(1, tooMany.retryAfter().toSeconds())));
        response.getWriter()
            .write("{\"type\":\"/problems/too-many-requests\",\"title\":\"Too many failed logins\",\"status\":429,"
                + "\"detail\":\"" + tooMany.getMessage() + "\"}");
        return;
      }
      response.setStatus(HttpStatus.UNAUTHORIZED.value());
      response.setHeader("WWW-Authenticate", "Basic realm=\"Miniflow\"");
      response.getWriter().write("{\"type\":\"/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,"
          + "\"detail\":\"Log in with HTTP Basic credentials to use the API.\"}");
    };
  }

  /** Pages, and API calls that carry a session (the browser's own): CSRF is checked on every one of them. */
  @Bean
  @Order(3)
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    http
        .authorizeHttpRequests(SecurityConfig::rules)
        .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll()
            .failureHandler((request, response, e) -> response.sendRedirect(request.getContextPath()
                + (e instanceof TooManyLoginAttempts ? "/login?locked" : "/login?error"))))
        .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
        .httpBasic(basic -> basic.authenticationEntryPoint(apiEntryPoint()))
        // partners and invitees have no session to ride on: their request is signed or carries its token
        .csrf(csrf -> csrf.ignoringRequestMatchers(
            request -> request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/partner-callbacks/")))
        .exceptionHandling(ex -> ex
            .defaultAuthenticationEntryPointFor(apiEntryPoint(), API)
            .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
            .defaultAccessDeniedHandlerFor(apiAccessDenied(), API));
    return http.build();
  }

  @Bean
  PasswordEncoder passwordEncoder(PasswordSettings settings) {
    // Miniflow has only ever stored BCrypt hashes; matching reads the cost from each hash
    return new DelegatingPasswordEncoder("bcrypt",
        Map.of("bcrypt", new BCryptPasswordEncoder(settings.bcryptStrength())));
  }
}
