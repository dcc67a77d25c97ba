package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The compose file that runs the external profile names the parts it promises. */
class DockerComposeFileTest {
  static Path projectFile(String name) {
    Path fromModule = Path.of("..", name);
    return Files.exists(fromModule) ? fromModule : Path.of(name);
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeStartsZeebePostgresAndTheAppInTheExternalProfile() throws IOException {
    Map<String, Object> compose;
    try (Reader reader = Files.newBufferedReader(projectFile("docker-compose.yml"))) {
      compose = new Yaml().load(reader);
    }
    var services = (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services).containsKeys("zeebe", "postgres", "app");
    assertThat((String) services.get("zeebe").get("image")).startsWith("camunda/zeebe:8.8.");
    assertThat((String) services.get("postgres").get("image")).startsWith("postgres:17");

    // the broker loads Miniflow's exporter, built from exporter/ and handed over in a volume, and
    // it writes into the app's database
    var zeebe = (Map<String, Object>) services.get("zeebe").get("environment");
    assertThat(zeebe.get("ZEEBE_BROKER_EXPORTERS_MINIFLOW_CLASSNAME"))
        .isEqualTo("dev.miniflow.exporter.MiniflowExporter");
    String jar = (String) zeebe.get("ZEEBE_BROKER_EXPORTERS_MINIFLOW_JARPATH");
    assertThat((List<String>) services.get("zeebe").get("volumes"))
        .anyMatch(v -> v.startsWith("exporters:") && jar.startsWith(v.split(":")[1] + "/"));
    assertThat((Map<String, Object>) services.get("exporter").get("build")).containsEntry("dockerfile",
        "exporter/Dockerfile");
    assertThat((List<String>) services.get("exporter").get("volumes")).anyMatch(v -> v.startsWith("exporters:"));
    assertThat(Files.readString(projectFile("exporter/Dockerfile")))
        .contains("/exporters/" + Path.of(jar).getFileName());
    assertThat(zeebe.get("ZEEBE_BROKER_EXPORTERS_MINIFLOW_ARGS_URL"))
        .isEqualTo(((Map<String, Object>) services.get("app").get("environment")).get("MINIFLOW_DB_URL"));

    Map<String, Object> app = services.get("app");
    assertThat(app).containsKey("build");
    assertThat(((Map<String, Object>) app.get("depends_on")).keySet()).contains("zeebe", "postgres");
    var env = (Map<String, Object>) app.get("environment");
    assertThat(env.get("SPRING_PROFILES_ACTIVE")).isEqualTo("external");
    assertThat((String) env.get("MINIFLOW_ZEEBE_GRPC_ADDRESS")).contains("zeebe:26500");
    assertThat((String) env.get("MINIFLOW_DB_URL")).startsWith("jdbc:postgresql://postgres:5432/");
    // the brokers' API is unprotected: neither the gateway nor the management port leaves the compose network
    services.forEach((name, service) -> assertThat((List<String>) service.getOrDefault("ports", List.of()))
        .as(name).noneMatch(port -> port.contains("26500") || port.contains("9600") || port.contains("26502")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theClusterProfileAddsTwoBrokersAndASecondAppInstanceOnTheSameDatabase() throws IOException {
    Map<String, Object> compose;
    try (Reader reader = Files.newBufferedReader(projectFile("docker-compose.yml"))) {
      compose = new Yaml().load(reader);
    }
    var services = (Map<String, Map<String, Object>>) compose.get("services");
    for (String broker : List.of("zeebe-1", "zeebe-2", "app-b")) {
      assertThat((List<String>) services.get(broker).get("profiles")).containsExactly("cluster");
    }
    for (String single : List.of("zeebe", "postgres", "app")) {
      assertThat(services.get(single)).doesNotContainKey("profiles");
    }
    List<String> nodeIds = List.of("zeebe", "zeebe-1", "zeebe-2").stream()
        .map(
            b -> (String) ((Map<String, Object>) services.get(b).get("environment")).get("ZEEBE_BROKER_CLUSTER_NODEID"))
        .toList();
    assertThat(nodeIds).containsExactly("0", "1", "2");
    for (String broker : List.of("zeebe", "zeebe-1", "zeebe-2")) {
      var env = (Map<String, Object>) services.get(broker).get("environment");
      assertThat(env.get("ZEEBE_BROKER_CLUSTER_REPLICATIONFACTOR"))
          .isEqualTo(env.get("ZEEBE_BROKER_CLUSTER_CLUSTERSIZE"));
      assertThat((String) env.get("ZEEBE_BROKER_CLUSTER_INITIALCONTACTPOINTS"))
          .contains("zeebe:26502", "zeebe-1:26502", "zeebe-2:26502");
    }
    var a = (Map<String, Object>) services.get("app").get("environment");
    var b = (Map<String, Object>) services.get("app-b").get("environment");
    assertThat(b.get("MINIFLOW_DB_URL")).isEqualTo(a.get("MINIFLOW_DB_URL"));
    assertThat(b.get("MINIFLOW_ZEEBE_GRPC_ADDRESS")).isNotEqualTo(a.get("MINIFLOW_ZEEBE_GRPC_ADDRESS"));
    assertThat(services.get("app-b").get("volumes")).isEqualTo(services.get("app").get("volumes"));
  }

  @Test
  void dockerfileRunsTheAppOnAJava21Runtime() throws IOException {
    List<String> from = Files.readAllLines(projectFile("Dockerfile")).stream()
        .filter(l -> l.startsWith("FROM ")).toList();
    assertThat(from.getLast()).matches("FROM eclipse-temurin:(2[1-9]|[3-9][0-9])-jre.*");
    assertThat(Files.readString(projectFile("Dockerfile"))).contains("SPRING_PROFILES_ACTIVE=external");
  }
}
