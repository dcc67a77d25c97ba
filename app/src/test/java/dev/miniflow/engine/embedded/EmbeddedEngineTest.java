package dev.miniflow.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The embedded default's engine keeps its state in RocksDB, as the real broker does, and works on it. */
@EmbeddedMiniflowTest
class EmbeddedEngineTest {
  @LocalServerPort int port;
  @Value("${miniflow.data-dir}") Path dataDir;
  @Autowired @Qualifier(EmbeddedInfrastructure.ENGINE_BEAN) ZeebeTestEngine engine;

  /** The engine's gateway has no authentication: nothing but this machine may reach it. */
  @Test
  void theGatewayListensOnLoopbackOnly() {
    assertThat(EmbeddedEngine.listenAddresses(engine)).isNotEmpty()
        .allSatisfy(address -> assertThat(((java.net.InetSocketAddress) address).getAddress().isLoopbackAddress())
            .as(address.toString()).isTrue());
    assertThat(EmbeddedEngine.gatewayAddress(engine)).startsWith("127.0.0.1:");
  }

  /** Two in-process engines in one JVM corrupt each other's answers: a second one is refused. */
  @Test
  void aSecondEngineInTheSameJvmIsRefused(@org.junit.jupiter.api.io.TempDir Path scratch) {
    assertThatThrownBy(() -> EmbeddedEngine.create(scratch)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already runs in this JVM");
  }

  /**
   * The engine's records come from the lean log: each mapped once into a value of its own type,
   * and a list handed out earlier stays the log as it was while the engine writes on.
   */
  @Test
  void theRecordsAreMappedOnceEachAndAnEarlierListKeepsItsLength() {
    assertThat(engine.getRecordStreamSource()).isInstanceOf(EngineRecordLog.class);
    var before = (java.util.List<io.camunda.zeebe.protocol.record.Record<?>>) engine.getRecordStreamSource()
        .getRecords();
    int length = before.size();
    ApiClient developer = new ApiClient("http://localhost:" + port, "developer", EmbeddedMiniflowTest.PASSWORD);
    long ws = developer.workspaceId();
    long mp = developer.createMiniProgram(ws, "Records " + UUID.randomUUID()).id();
    long release = developer.post("/api/v1/releases", Map.of("versionId", developer.upload(mp, "1.0.0",
        TestPackages.valid()).id(), "environment", "PRODUCTION", "targetAppId", developer.defaultTargetAppId(ws)))
        .releaseId();
    Releases.awaitStatus(developer, release, "UNDER_REVIEW");
    var after = (java.util.List<io.camunda.zeebe.protocol.record.Record<?>>) engine.getRecordStreamSource()
        .getRecords();
    assertThat(before).hasSize(length);
    assertThat(after.size()).isGreaterThan(length);
    for (int i = 0; i < length; i++) {
      assertThat(after.get(i)).isSameAs(before.get(i));
    }
    assertThat(after).allSatisfy(r -> assertThat(r.getValue()).isNotNull());
    assertThat(after.subList(length, after.size())).anySatisfy(r -> {
      assertThat(r.getValue()).isInstanceOf(io.camunda.zeebe.protocol.record.value.JobRecordValue.class);
      assertThat(((io.camunda.zeebe.protocol.record.value.JobRecordValue) r.getValue()).getType())
          .isEqualTo("release.validate");
    });
    for (int i = 1; i < after.size(); i++) {
      assertThat(after.get(i).getPosition()).isGreaterThan(after.get(i - 1).getPosition());
    }
  }

  @Test
  void theEngineStateIsInRocksDbUnderTheDataDirectoryAndReleasesRunOnIt() {
    assertThat(EmbeddedEngine.onRocksDb(engine)).as("the engine's processor and the engine use RocksDB").isTrue();
    assertThat(Files.isRegularFile(dataDir.resolve("engine").resolve("CURRENT"))).isTrue();

    ApiClient developer = new ApiClient("http://localhost:" + port, "developer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient reviewer = new ApiClient("http://localhost:" + port, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    long ws = developer.workspaceId();
    long mp = developer.createMiniProgram(ws, "On RocksDB " + UUID.randomUUID()).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    long release = developer.post("/api/v1/releases", Map.of("versionId", version, "environment", "PRODUCTION",
        "targetAppId", developer.defaultTargetAppId(ws))).releaseId();
    long task = Releases.awaitReviewTask(reviewer, release);
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve")).status())
        .isBetween(200, 204);
    Releases.awaitStatus(developer, release, "APPROVED");
  }
}
