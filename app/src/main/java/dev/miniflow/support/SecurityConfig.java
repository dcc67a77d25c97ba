package dev.miniflow.support;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * People log in with a form and a session (CSRF on); API clients use HTTP Basic and need no CSRF
 * token because they never rely on a cookie. Who may do what inside a workspace is decided by the
 * workspace feature's access policy, not here.
 */
@Configuration
@EnableMethodSecurity
class SecurityConfig {

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    RequestMatcher api = request -> request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    RequestMatcher basicAuthApiCall = request -> api.matches(request) && hasBasicAuth(request);
    AuthenticationEntryPoint apiEntryPoint = (request, response, e) -> {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      if (DatabaseOutage.causedBy(e)) {
        // the user store is unreachable: not the caller's fault, and not a wrong password
        DatabaseOutageFilter.writeProblem(response);
        return;
      }
      response.setStatus(HttpStatus.UNAUTHORIZED.value());
      response.setHeader("WWW-Authenticate", "Basic realm=\"Miniflow\"");
      response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
          + "\"detail\":\"Log in with HTTP Basic credentials to use the API.\"}");
    };
    http
        .authorizeHttpRequests(auth -> auth
            .requestMatchers("/login", "/webjars/**", "/css/**", "/js/**", "/vendor/**", "/favicon.ico", "/error",
                "/actuator/health", "/actuator/health/**").permitAll()
            // partners have no account: their callbacks are verified by signature instead
            .requestMatchers(HttpMethod.POST, "/api/v1/partner-callbacks/*").permitAll()
            // invitees have no account yet: the signed, single-use token is their credential
            .requestMatchers("/invitations/*", "/api/v1/invitations/*", "/api/v1/invitations/*/accept").permitAll()
            // scanned codes: the public opens promotion links; preview codes are signed and name their testers
            .requestMatchers(HttpMethod.GET, "/q/*", "/p/*", "/api/v1/preview-codes/open").permitAll()
            .anyRequest().authenticated())
        .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
        .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
        .httpBasic(basic -> basic.authenticationEntryPoint(apiEntryPoint))
        .csrf(csrf -> csrf.ignoringRequestMatchers(basicAuthApiCall,
            request -> request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/partner-callbacks/"),
            request -> request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/invitations/")))
        .exceptionHandling(ex -> ex
            .defaultAuthenticationEntryPointFor(apiEntryPoint, api)
            .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
            .defaultAccessDeniedHandlerFor((request, response, e) -> {
              response.setStatus(HttpStatus.FORBIDDEN.value());
              response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
              response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                  + "\"detail\":\"The request was refused (missing or invalid CSRF token, or not allowed).\"}");
            }, api));
    return http.build();
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  private static boolean hasBasicAuth(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
  }
}
