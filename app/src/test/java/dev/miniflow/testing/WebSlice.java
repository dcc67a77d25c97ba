package dev.miniflow.testing;

import dev.miniflow.workspace.WorkspaceAccess;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A {@code @WebMvcTest} of a module's controllers inside Miniflow's own web layer: the security
 * chains of {@code SecurityConfig} (form login, stateless Basic for /api, CSRF), the error mapping
 * ({@code WebErrors}), the navigation model, the request size and database outage filters, the
 * Thymeleaf templates. No database and no engine: {@code EmbeddedInfrastructure} leaves a context
 * without auto-configuration alone, and the services are the test's {@code @MockitoBean}s.
 * {@link WorkspaceAccess} is mocked here because every page's navigation asks it
 * ({@code NavigationModel}); a test stubs it through {@code @Autowired}.
 *
 * <p>Every account exists with {@link #PASSWORD}; roles are what the mocked services say.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
// SecurityConfig and ClockConfig are package-private @Configurations, which @WebMvcTest leaves out by itself
@WebMvcTest(includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
    pattern = "dev\\.miniflow\\.support\\.(SecurityConfig|ClockConfig)"))
@Import(WebSlice.Accounts.class)
@MockitoBean(types = WorkspaceAccess.class)
public @interface WebSlice {
  String PASSWORD = "slice-pass-1";

  /** The controllers under test (one module's pages and API: one Spring context per module). */
  @AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
  Class<?>[] value();

  /** Any name logs in with {@link #PASSWORD} (the real accounts and the login throttle need the database). */
  @TestConfiguration(proxyBeanMethods = false)
  class Accounts {
    @Bean
    UserDetailsService sliceAccounts() {
      String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);
      return username -> User.withUsername(username).password(hash).authorities("ROLE_USER").build();
    }
  }
}
