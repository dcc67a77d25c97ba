package dev.miniflow.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * A real embedded PostgreSQL, started by a JVM of its own that is then killed (SIGKILL): the
 * server it leaves running is stopped before the next start, which then starts at once on the same
 * data; while its JVM lives it is never touched.
 */
class OrphanedPostgresTest {
  static final Path DIR = Path.of("target", "test-data", "orphaned-postgres").toAbsolutePath();
  static final Duration WAIT = Duration.ofSeconds(30);

  /** The JVM that starts PostgreSQL on a directory and then only waits, to be killed. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      Files.createDirectories(dir);
      EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
      Files.writeString(Path.of(args[1]), "ready");
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  @Test
  void aPostgresLeftRunningByAKilledJvmIsStoppedAndTheNextStartKeepsItsData() throws Exception {
    FileSystemUtils.deleteRecursively(DIR);
    Path data = DIR.resolve("postgres");
    Path ready = DIR.resolve("ready");
    Files.createDirectories(DIR);
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), Holder.class.getName(),
        data.toString(), ready.toString())
        .redirectErrorStream(true).redirectOutput(DIR.resolve("holder.log").toFile()).start();
    ProcessHandle postmaster = null;
    try {
      await().atMost(Duration.ofMinutes(1)).until(() -> Files.exists(ready) || !holder.isAlive());
      assertThat(holder.isAlive()).as("see " + DIR.resolve("holder.log")).isTrue();
      List<String> pidFile = Files.readAllLines(data.resolve(OrphanedPostgres.PID_FILE));
      postmaster = ProcessHandle.of(Long.parseLong(pidFile.get(0).strip())).orElseThrow();
      String url = "jdbc:postgresql://localhost:" + pidFile.get(3).strip() + "/postgres?user=postgres";
      try (var connection = DriverManager.getConnection(url); var sql = connection.createStatement()) {
        sql.execute("create table kept(note text); insert into kept values ('written before the kill')");
      }

      // its JVM is alive: the server is in use and stays untouched
      assertThatThrownBy(() -> OrphanedPostgres.stopIfLeftBehind(data, WAIT))
          .hasMessageContaining(data.toString()).hasMessageContaining("still running");
      assertThat(postmaster.isAlive()).isTrue();

      holder.destroyForcibly();
      holder.waitFor();
      assertThat(postmaster.isAlive()).as("PostgreSQL outlives the JVM killed hard").isTrue();

      OrphanedPostgres.stopIfLeftBehind(data, WAIT);
      assertThat(Files.exists(data.resolve(OrphanedPostgres.PID_FILE))).isFalse();
      try (EmbeddedPostgres next = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
          .start()) {
        assertThat(JdbcClient.create(next.getPostgresDatabase()).sql("select note from kept").query(String.class)
            .single()).isEqualTo("written before the kill");
      }
    } finally {
      holder.destroyForcibly();
      if (postmaster != null) {
        postmaster.destroy(); // when a check failed: leave no server behind
      }
    }
  }

  @Test
  void aPidFileOfAProcessThatIsGoneIsLeftToPostgresToReplace() throws Exception {
    Path data = DIR.resolve("stale");
    FileSystemUtils.deleteRecursively(data);
    Files.createDirectories(data);
    Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    gone.waitFor();
    Files.writeString(data.resolve(OrphanedPostgres.PID_FILE), gone.pid() + "\n" + data + "\n");

    OrphanedPostgres.stopIfLeftBehind(data, WAIT);
    assertThat(Files.exists(data.resolve(OrphanedPostgres.PID_FILE))).isTrue();
  }

  @Test
  void aLiveProcessThatIsNotThisDirectorysPostgresIsNeverStopped() throws Exception {
    Path data = DIR.resolve("reused-pid");
    FileSystemUtils.deleteRecursively(data);
    Files.createDirectories(data);
    // this JVM: alive, and no PostgreSQL
    Files.writeString(data.resolve(OrphanedPostgres.PID_FILE), ProcessHandle.current().pid() + "\n" + data + "\n");

    assertThatThrownBy(() -> OrphanedPostgres.stopIfLeftBehind(data, WAIT))
        .hasMessageContaining("not the embedded PostgreSQL of " + data);
  }
}
