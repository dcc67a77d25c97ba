package dev.miniflow.engine.embedded;

import java.util.Arrays;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * The embedded default: with no {@code external} profile, starts a real PostgreSQL and a real
 * in-process Zeebe engine before the context is refreshed ({@link EmbeddedDefault}). The Camunda
 * starter always defines its own client bean, so the engine is started here rather than as a
 * bean. The production artifact leaves the engine out (Camunda License 1.0, see the README's
 * Licences): there this class refers to nothing of it, and says what to do instead. A context
 * without auto-configuration (Spring Boot's test slices such as {@code @WebMvcTest}) has no
 * datasource or Camunda client to serve, so it gets neither.
 */
public class EmbeddedInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  public static final String ENGINE_BEAN = "embeddedZeebeEngine";
  static final String ENGINE_CLASS = "io.camunda.zeebe.process.test.engine.EngineFactory";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment env = context.getEnvironment();
    if (Arrays.asList(env.getActiveProfiles()).contains("external")
        || !env.getProperty("miniflow.embedded.enabled", Boolean.class, true)
        || !env.getProperty(EnableAutoConfiguration.ENABLED_OVERRIDE_PROPERTY, Boolean.class, true)) {
      return;
    }
    if (!ClassUtils.isPresent(ENGINE_CLASS, context.getClassLoader())) {
      throw new IllegalStateException("This Miniflow build holds no embedded engine: the production artifact"
          + " leaves the Camunda-licensed engine out. Run it with SPRING_PROFILES_ACTIVE=external against a Zeebe"
          + " broker (README, External profile), or start the embedded default from a checkout (README, the two"
          + " commands).");
    }
    EmbeddedDefault.start(context);
  }
}
