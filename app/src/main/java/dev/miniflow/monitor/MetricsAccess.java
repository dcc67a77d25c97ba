package dev.miniflow.monitor;

import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The worker and engine metrics ({@code /actuator/prometheus}, {@code /actuator/metrics}) cover
 * every workspace, so only admins see them: a logged-in admin in the browser, or a scraper with
 * an admin's Basic credentials. Health stays public (see the main security configuration).
 */
@Configuration
class MetricsAccess {

  @Bean
  @Order(1) // before the main chain, which would let any logged-in user through
  SecurityFilterChain metricsForAdmins(HttpSecurity http, WorkspaceAccess access) throws Exception {
    return http
        // matched as Spring MVC routes them (decoded path), so no spelling of a path slips past
        .securityMatcher(EndpointRequest.toAnyEndpoint().excluding(HealthEndpoint.class))
        .authorizeHttpRequests(auth -> auth.anyRequest()
            .access((authentication, context) -> new AuthorizationDecision(isAdmin(authentication.get(), access))))
        .httpBasic(Customizer.withDefaults())
        .build();
  }

  private static boolean isAdmin(Authentication user, WorkspaceAccess access) {
    return user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken)
        && !access.workspacesWithRole(user.getName(), Role.ADMIN).isEmpty();
  }
}
