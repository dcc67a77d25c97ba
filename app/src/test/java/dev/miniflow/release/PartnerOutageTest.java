package dev.miniflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ExternalMiniflow;
import dev.miniflow.testing.MiniflowProcess;
import dev.miniflow.testing.PartnerStub;
import dev.miniflow.testing.TestPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A partner that is down, on the embedded default as shipped (the in-process engine, the partner
 * retry pauses from 5 s): the publication is tried again after the pause, each time, and once the
 * partner is back the release goes live, published exactly once. Miniflow runs in a JVM of its
 * own, so that it is the shipped configuration and not the test context's.
 */
class PartnerOutageTest {
  static final Path DIR = Path.of("target", "test-data", "partner-outage");
  static final String PASSWORD = "outage-pass-123";

  @Test
  void aPublicationToAPartnerThatIsDownIsTriedAgainAfterTheShippedPausesAndGoesLiveOnce() throws Exception {
    Files.deleteIfExists(DIR.resolve("app.log")); // the log is appended to
    try (PartnerStub partner = new PartnerStub();
        MiniflowProcess app = MiniflowProcess.embedded(DIR.resolve("app.log"), DIR.resolve("data"), PASSWORD,
            Map.of("miniflow.embedded.clean-data", "true")).awaitReady(Duration.ofMinutes(3))) {
      // as shipped, the embedded default says at start-up what it is for
      assertThat(Files.readString(DIR.resolve("app.log")))
          .contains("embedded default, for evaluation and development only")
          .contains("Camunda License 1.0");
      ApiClient developer = new ApiClient(app.baseUrl(), "developer", PASSWORD);
      ApiClient admin = new ApiClient(app.baseUrl(), "admin", PASSWORD);
      long ws = developer.workspaceId();
      long targetApp = developer.defaultTargetAppId(ws);
      assertThat(admin.put("/api/v1/target-apps/" + targetApp, Map.of("connector", "http",
          "endpointUrl", partner.url(), "secret", "outage-secret-123")).status()).isEqualTo(200);
      long mp = developer.createMiniProgram(ws, "Patient").id();
      long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
      long release = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", targetApp,
          "environment", "DEVELOPMENT")).releaseId();

      // asked, refused, asked again after the first pause, refused again
      // refusals, not calls: a call counted but not yet answered could still be accepted
      await().atMost(Duration.ofMinutes(1)).until(() -> partner.refusals() >= 2);
      partner.comeBack();
      await().atMost(Duration.ofMinutes(2)).until(() -> ExternalMiniflow.status(developer, release).equals("RELEASED"));

      List<Instant> calls = partner.callTimes();
      assertThat(calls.size()).isBetween(3, 4);
      assertThat(Duration.between(calls.get(0), calls.get(1))).as("the first pause")
          .isGreaterThanOrEqualTo(Duration.ofMillis(4500));
      assertThat(Duration.between(calls.get(1), calls.get(2))).as("the second, doubled")
          .isGreaterThanOrEqualTo(Duration.ofMillis(9500));
      assertThat(partner.acceptedForRelease(release)).as("publications the partner accepted").isEqualTo(1);
      assertThat(ExternalMiniflow.count(developer, release, "release.released")).isEqualTo(1);
    }
  }
}
