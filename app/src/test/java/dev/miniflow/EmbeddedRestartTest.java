package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.TestPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/** The embedded default keeps its data: what was uploaded before a restart is there after it. */
class EmbeddedRestartTest {
  static final Path DATA = Path.of("target", "test-data", "restart");

  @Test
  void dataSurvivesARestartAndDemoUsersAreCreatedOnlyOnce() throws Exception {
    FileSystemUtils.deleteRecursively(DATA);
    long miniProgramId;
    try (ConfigurableApplicationContext first = start()) {
      ApiClient developer = client(first);
      long ws = developer.workspaceId();
      miniProgramId = developer.createMiniProgram(ws, "Survivor").id();
      assertThat(developer.upload(miniProgramId, "1.0.0", TestPackages.valid()).status()).isEqualTo(201);
    }
    assertThat(Files.isDirectory(DATA.resolve("postgres"))).isTrue();

    try (ConfigurableApplicationContext second = start()) {
      ApiClient developer = client(second);
      assertThat(developer.get("/api/v1/mini-programs/" + miniProgramId).text("name")).isEqualTo("Survivor");
      assertThat(developer.get("/api/v1/mini-programs/" + miniProgramId + "/versions").body()).hasSize(1);
      assertThat(developer.get("/api/v1/workspaces").body()).hasSize(1);
      // the same package number again is still refused after the restart
      assertThat(developer.upload(miniProgramId, "1.0.0", TestPackages.valid()).status()).isEqualTo(422);
    }
  }

  private static ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(MiniflowApplication.class).run(
        "--server.port=0", "--miniflow.data-dir=" + DATA, "--miniflow.demo.password=restart-pass-1");
  }

  private static ApiClient client(ConfigurableApplicationContext context) {
    String port = context.getEnvironment().getProperty("local.server.port");
    return new ApiClient("http://localhost:" + port, "developer", "restart-pass-1");
  }
}
