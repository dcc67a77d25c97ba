package dev.miniflow.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * What an {@code @ApplicationModuleTest} runs its module on: a real PostgreSQL with Miniflow's
 * schema (one per JVM, {@link ModulePostgres}; Liquibase migrates it as the app does), and no
 * engine: neither the embedded default's in-process Zeebe nor the Camunda client and its job
 * workers. A module test mocks its module's engine gateway ({@code ReleaseProcess}, …) and the
 * beans of other modules it needs, so it starts in seconds and says what the module asks of them.
 * The database outlives each context: tests make their own workspaces instead of expecting empty tables.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ContextConfiguration(initializers = ModulePostgres.class)
@TestPropertySource(properties = {
    // EmbeddedInfrastructure (spring.factories) would start PostgreSQL and the engine for the context
    "miniflow.embedded.enabled=false",
    "camunda.client.enabled=false",
    // the readiness group names the engine module's deployment health, which a module test leaves out
    "management.endpoint.health.validate-group-membership=false",
    "miniflow.data-dir=target/test-data/modules",
    "miniflow.signing-key=module-test-key",
    "miniflow.passwords.bcrypt-strength=4",
    "miniflow.base-url=https://miniflow.example"})
public @interface ModuleTestEnvironment {}
