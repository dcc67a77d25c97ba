package dev.miniflow.miniprogram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.HostilePackages;
import dev.miniflow.testing.TestPackages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Uploading versions over HTTP: hostile packages and non-increasing versions change nothing. */
@EmbeddedMiniflowTest
class VersionUploadTest {
  @LocalServerPort int port;
  @Value("${miniflow.data-dir}") String dataDir;

  ApiClient developer;
  long workspaceId;
  long miniProgramId;

  @BeforeEach
  void miniProgram() {
    developer = new ApiClient("http://localhost:" + port, "developer", EmbeddedMiniflowTest.PASSWORD);
    workspaceId = developer.workspaceId();
    miniProgramId = developer.createMiniProgram(workspaceId, "Upload " + UUID.randomUUID()).id();
  }

  static Stream<HostilePackages.Case> hostile() {
    return HostilePackages.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void hostilePackageIsRefusedWithItsReasonAndNothingIsStored(HostilePackages.Case hostile) throws IOException {
    Reply reply = developer.upload(miniProgramId, "1.0.0", hostile.zip());

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.text("type")).endsWith("/package-" + hostile.reason().name().toLowerCase().replace('_', '-'));
    assertThat(reply.text("title")).contains(hostile.reason().title());
    assertThat(reply.text("detail")).contains(hostile.mentioned());
    assertThat(developer.get("/api/v1/mini-programs/" + miniProgramId + "/versions").body()).isEmpty();
    assertThat(storedFiles(packages().resolve(String.valueOf(miniProgramId)))).isZero();
    assertThat(storedFiles(packages().resolve("staging"))).isZero();
  }

  @Test
  void versionNumbersMustBeSemanticAndStrictlyIncreasing() {
    assertThat(developer.upload(miniProgramId, "1.0.0", TestPackages.valid()).status()).isEqualTo(201);

    Reply same = developer.upload(miniProgramId, "1.0.0", TestPackages.valid());
    assertThat(same.status()).isEqualTo(422);
    assertThat(same.text("detail")).contains("must be greater").contains("1.0.0");
    assertThat(developer.upload(miniProgramId, "0.9.9", TestPackages.valid()).status()).isEqualTo(422);
    assertThat(developer.upload(miniProgramId, "1.0.0-beta.1", TestPackages.valid()).status()).isEqualTo(422);
    Reply notSemver = developer.upload(miniProgramId, "v-latest", TestPackages.valid());
    assertThat(notSemver.status()).isEqualTo(422);
    assertThat(notSemver.text("detail")).contains("not a semantic version");

    assertThat(developer.upload(miniProgramId, "1.0.1", TestPackages.valid()).status()).isEqualTo(201);
    assertThat(developer.upload(miniProgramId, "1.1.0-rc.1", TestPackages.valid()).status()).isEqualTo(201);
    assertThat(developer.get("/api/v1/mini-programs/" + miniProgramId + "/versions").body())
        .extracting(v -> v.get("version").asText()).containsExactly("1.1.0-rc.1", "1.0.1", "1.0.0");
    assertThat(storedFiles(packages().resolve(String.valueOf(miniProgramId)))).isEqualTo(3);
  }

  @Test
  void aStoredPackageIsServedAsUploadedAndNeverWhenDamaged() throws IOException {
    byte[] zip = TestPackages.valid();
    long version = developer.upload(miniProgramId, "1.0.0", zip).id();

    var download = developer.download(version);
    assertThat(download.getStatusCode().value()).isEqualTo(200);
    assertThat(download.getHeaders().getContentType()).hasToString("application/zip");
    assertThat(download.getBody()).isEqualTo(zip);

    // the embedded default keeps a file: one byte changed on disk and it is no longer served
    Path stored;
    try (var files = Files.list(packages().resolve(String.valueOf(miniProgramId)))) {
      stored = files.findFirst().orElseThrow();
    }
    byte[] changed = zip.clone();
    changed[40] ^= 1;
    Files.write(stored, changed);
    Reply damaged = developer.get("/api/v1/versions/" + version + "/package");
    assertThat(damaged.status()).isEqualTo(500);
    assertThat(damaged.text("type")).endsWith("/package-damaged");
    assertThat(damaged.text("detail")).contains("no longer matches its checksum");
  }

  @Test
  void onlyDevelopersAndAdminsOfTheWorkspaceUpload() {
    ApiClient reviewer = new ApiClient("http://localhost:" + port, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    Reply refused = reviewer.upload(miniProgramId, "1.0.0", TestPackages.valid());
    assertThat(refused.status()).isEqualTo(403);
    ApiClient anonymous = new ApiClient("http://localhost:" + port, "nobody", "wrong");
    assertThat(anonymous.upload(miniProgramId, "1.0.0", TestPackages.valid()).status()).isEqualTo(401);
    assertThat(developer.get("/api/v1/mini-programs/" + miniProgramId + "/versions").body()).isEmpty();
  }

  private Path packages() {
    return Path.of(dataDir, "packages");
  }

  private static long storedFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = Files.list(dir)) {
      return files.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
