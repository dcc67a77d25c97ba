package dev.miniflow.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole app on the embedded default (real PostgreSQL, real in-process Zeebe engine) on a
 * random port, with the demo users' password fixed. All tests using it share one context.
 */
@Target(ElementType.TYPE)
// the classes of dev.miniflow.suites.SharedAppSuite
@Tag(EmbeddedMiniflowTest.SHARED_APP)
// tests normally switch metrics export off; the worker metrics on /actuator/prometheus are part of the product
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability(tracing = false)
// Failed jobs are retried at once here: a job the in-process engine puts in backoff is now and
// then never handed out again (camunda/camunda#16884), which made incident tests wait forever.
// The growing pauses themselves are exercised against the real broker in RealBrokerIT.
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "miniflow.data-dir=target/test-data/embedded",
    "miniflow.embedded.clean-data=true",
    "miniflow.demo.password=" + EmbeddedMiniflowTest.PASSWORD,
    "miniflow.signing-key=test-signing-key",
    // every Basic call checks a password: the cheapest BCrypt cost keeps the suite fast
    "miniflow.passwords.bcrypt-strength=4",
    "miniflow.partner.retry-backoff=PT0S",
    // webhook receivers that are down come back within seconds here; disabling takes 10 failures in a row
    "miniflow.webhooks.retry-backoff=PT0.2S", "miniflow.webhooks.max-backoff=PT2S",
    "miniflow.webhooks.poll-interval=PT0.1S", "miniflow.webhooks.disable-after-failures=10",
    // the audit trail is sealed and signed within a fraction of a second
    "miniflow.evidence.seal-interval=PT0.1S", "miniflow.evidence.checkpoint-every=PT0S",
    // the tests' partners are local HTTP stub servers
    "miniflow.partner.endpoints.allow-http=true",
    "miniflow.partner.endpoints.allowed-hosts=localhost,127.0.0.1",
    // every test calls from 127.0.0.1: the per-address limit is tested on its own (LoginThrottleTest)
    "miniflow.login.failures-per-address=100000",
    // the monitor's warning about the engine's in-memory log shows from the first record
    "miniflow.embedded.log-warning-records=1"})
public @interface EmbeddedMiniflowTest {
  String PASSWORD = "demo-pass-123";
  String SHARED_APP = "shared-app";
}
