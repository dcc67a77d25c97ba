package dev.miniflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.miniflow.testing.ExternalMiniflow.count;
import static dev.miniflow.testing.ExternalMiniflow.openReviewTasks;
import static dev.miniflow.testing.ExternalMiniflow.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.Concurrently;
import dev.miniflow.testing.ExternalMiniflow;
import dev.miniflow.testing.MiniflowProcess;
import dev.miniflow.testing.PartnerJournal;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.ZeebeBroker;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.PartitionBrokerRole;
import io.camunda.client.api.response.Topology;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * Three real brokers on loopback (replication factor 3, 3 partitions) and two Miniflow instances
 * sharing one PostgreSQL. The leader of a partition is killed mid-load and started again: every
 * release completes exactly once (counted at the partner it is published to), refusals happen
 * only while the partitions have no leader, a user logged in on one instance is logged in on
 * the other, and a package uploaded through one instance is served by the other (each has a data
 * directory of its own; packages live in PostgreSQL).
 */
class ClusterIT {
  static final Path DIR = Path.of("target", "cluster");
  static final int PARTITIONS = 3;

  static List<ZeebeBroker> brokers;
  static EmbeddedPostgres postgres;
  static WireMockServer partner;
  static JdbcClient db;

  @BeforeAll
  static void infrastructure() throws Exception {
    assertThat(ZeebeBroker.available()).as("the build unpacks the broker distribution into target/zeebe").isTrue();
    FileSystemUtils.deleteRecursively(DIR);
    // PostgreSQL and the partner take their ports first: the brokers' ports, chosen next, stay free
    // until the brokers bind them
    postgres = EmbeddedPostgres.builder().setDataDirectory(DIR.resolve("postgres")).start();
    db = JdbcClient.create(postgres.getPostgresDatabase());
    // a partner that accepts every publication, and counts them: a call repeated under the same
    // idempotency key is accepted again, as an idempotent partner would, and so is seen
    partner = new WireMockServer(wireMockConfig().dynamicPort());
    partner.start();
    partner.stubFor(post(urlEqualTo("/publish")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"reference\": \"P-1\"}")));
    // each broker exports the partitions it leads into Miniflow's database; a new leader goes on
    // from the position the old one acknowledged
    brokers = ZeebeBroker.cluster(DIR.resolve("brokers"), 3, PARTITIONS,
        ZeebeBroker.exporter(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", Map.of()));
    brokers.forEach(ZeebeBroker::start);
    for (ZeebeBroker broker : brokers) {
      broker.awaitHealthy(Duration.ofMinutes(4));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (partner != null) {
      partner.stop();
    }
    if (brokers != null) {
      brokers.forEach(ZeebeBroker::close);
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theLeaderOfAPartitionDiesMidLoadAndEveryReleaseStillCompletesExactlyOnce() throws Exception {
    int victim = awaitLeaderOfPartition(brokers.get(0).gatewayAddress(), 1);
    ZeebeBroker leader = brokers.get(victim);
    List<ZeebeBroker> survivors = brokers.stream().filter(b -> b != leader).toList();
    String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
    // a data directory each: what one instance stores there the other cannot see, so every
    // package either serves (uploads, release validation) must come from the shared database
    Path dataA = DIR.resolve("app-a-data");
    Path dataB = DIR.resolve("app-b-data");
    // both started at once on the empty database, as a deployment of two replicas starts: one
    // migrates it (MigrationLock) and creates the first admin, the other waits for each and finds them done
    try (
        MiniflowProcess a = ExternalMiniflow.start(DIR.resolve("app-a.log"), jdbcUrl, survivors.get(0).gatewayAddress(),
            dataA);
        MiniflowProcess b = ExternalMiniflow.start(DIR.resolve("app-b.log"), jdbcUrl, survivors.get(1).gatewayAddress(),
            dataB)) {
      a.awaitReady(Duration.ofMinutes(3));
      b.awaitReady(Duration.ofMinutes(3));
      assertThat(db.sql("select count(*) from app_user").query(Long.class).single()).as("one first admin").isEqualTo(1);
      assertThat(db.sql("select count(*) from workspace").query(Long.class).single()).as("one workspace").isEqualTo(1);
      ApiClient admin = new ApiClient(a.baseUrl(), "admin", ExternalMiniflow.PASSWORD);
      long ws = admin.workspaceId();
      ExternalMiniflow.seedUsers(db, ws);

      // one login, two instances: the session lives in the database
      HttpClient browser = SessionClient.logIn(a.baseUrl(), "reviewer", ExternalMiniflow.PASSWORD).http();
      HttpResponse<String> onB = browser.send(HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/v1/workspaces"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(onB.statusCode()).isEqualTo(200);
      assertThat(onB.body()).contains("Default");

      ApiClient devA = new ApiClient(a.baseUrl(), "developer", ExternalMiniflow.PASSWORD);
      ApiClient devB = new ApiClient(b.baseUrl(), "developer", ExternalMiniflow.PASSWORD);
      // a package uploaded through one instance is served by the other, byte for byte
      byte[] zip = TestPackages.large();
      long shared = devA.upload(devA.createMiniProgram(ws, "Shared package").id(), "1.0.0", zip).id();
      var served = devB.download(shared);
      assertThat(served.getStatusCode().value()).isEqualTo(200);
      assertThat(served.getBody()).isEqualTo(zip);
      assertThat(devB.get("/api/v1/versions/" + shared).text("sha256")).isEqualTo(sha256(zip));
      assertThat(db.sql("select package_oid is not null and package_file is null from app_version where id = :id")
          .param("id", shared).query(Boolean.class).single()).as("kept as a large object").isTrue();
      assertThat(filesUnder(dataA.resolve("packages"))).as("no package left on instance A's disk").isZero();

      long app = devA.defaultTargetAppId(ws);
      assertThat(admin.put("/api/v1/target-apps/" + app, Map.of("connector", "http",
          "endpointUrl", partner.baseUrl() + "/publish", "secret", "partner-secret-123")).status()).isEqualTo(200);
      int n = 24;
      List<Long> releases = Collections.synchronizedList(new ArrayList<>());
      Election election = new Election();
      // half the load before the leader dies, half while it is gone and after it is back
      releases.addAll(Concurrently.map(n / 2, 3, i -> release(i % 2 == 0 ? devA : devB, ws,
          app, "Cluster " + i, i % 3 == 0 ? "PRODUCTION" : "DEVELOPMENT", election)));
      leader.kill();
      election.begins();
      CompletableFuture<Void> newLeaders = CompletableFuture.runAsync(() -> {
        awaitLeadersAmong(survivors);
        election.ends();
      });
      releases.addAll(Concurrently.map(n / 2, 3, i -> release(i % 2 == 0 ? devA : devB, ws,
          app, "Cluster " + (n / 2 + i), i % 3 == 0 ? "PRODUCTION" : "DEVELOPMENT", election)));
      newLeaders.get(3, TimeUnit.MINUTES);
      System.out.println("ClusterIT: " + election.refusals() + " release requests refused during the election of "
          + election.length().toMillis() + " ms");
      leader.start().awaitHealthy(Duration.ofMinutes(3));

      // reviews taken on either instance, the rollouts asked on the other
      ApiClient reviewerB = new ApiClient(b.baseUrl(), "reviewer", ExternalMiniflow.PASSWORD);
      ApiClient operatorA = new ApiClient(a.baseUrl(), "operator", ExternalMiniflow.PASSWORD);
      List<Long> production = new ArrayList<>();
      for (long id : releases) {
        if (devA.get("/api/v1/releases/" + id).text("environment").equals("PRODUCTION")) {
          production.add(id);
        }
      }
      Map<Long, Long> tasks = await().atMost(Duration.ofMinutes(2)).until(() -> openReviewTasks(reviewerB),
          t -> t.keySet().containsAll(production));
      for (long id : production) {
        assertThat(reviewerB.post("/api/v1/tasks/" + tasks.get(id) + "/complete",
            Map.of("decision", "approve", "comment", "ok")).status()).isEqualTo(200);
      }
      await().atMost(Duration.ofMinutes(2)).until(() -> production.stream()
          .allMatch(id -> status(devA, id).equals("APPROVED")));
      for (long id : production) {
        assertThat(operatorA.post("/api/v1/releases/" + id + "/full").status()).isEqualTo(202);
      }
      await().atMost(Duration.ofMinutes(4)).until(() -> releases.stream()
          .allMatch(id -> status(devB, id).equals("RELEASED")));
      for (long id : releases) {
        assertThat(count(devA, id, "release.released")).as("release " + id).isEqualTo(1);
        // exactly one publication the partner accepted per release, counted at the partner
        assertThat(PartnerJournal.acceptedPublications(partner, id)).as("release " + id).isEqualTo(1);
      }
      assertThat(db.sql("select count(*) from user_task where process_id = 'release'").query(Long.class).single())
          .isEqualTo(production.size());
      // every release's package was read back by whichever instance validated it: the same bytes,
      // or the release would have been rejected
      assertThat(filesUnder(dataA.resolve("packages")) + filesUnder(dataB.resolve("packages"))).isZero();

      // the monitor through the fail-over, read on either instance: every release once, complete
      ExternalMiniflow.assertMonitorShowsEveryRelease(admin, db, ws);
      assertThat(db.sql("select count(distinct partition_id) from exporter_position").query(Long.class).single())
          .as("partitions exported").isEqualTo(PARTITIONS);
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** Regular files below the directory (none when it does not exist). */
  private static long filesUnder(Path dir) throws java.io.IOException {
    if (!java.nio.file.Files.exists(dir)) {
      return 0;
    }
    try (var files = java.nio.file.Files.walk(dir)) {
      return files.filter(java.nio.file.Files::isRegularFile).count();
    }
  }

  /**
   * Requests a release as a user would: while the cluster elects a new leader a request may be
   * refused with 503 (and nothing kept in flight); the user asks again. A refusal at any other
   * time fails the test.
   */
  private static long release(ApiClient developer, long ws, long targetApp, String name, String environment,
      Election election) {
    long mp = developer.createMiniProgram(ws, name).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    for (int attempt = 0;; attempt++) {
      long sent = System.nanoTime();
      ApiClient.Reply reply = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", targetApp,
          "environment", environment));
      if (reply.status() == 201) {
        return reply.releaseId();
      }
      assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(503);
      election.refused(sent, name);
      assertThat(attempt).as("accepted again once the cluster has a new leader").isLessThan(60);
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * The window in which refusals are expected: from the leader's death until every partition is
   * seen led by a surviving broker. A refusal counts as inside it if its request was sent before
   * the new leaders were seen and answered after the death.
   */
  static final class Election {
    private volatile long began = Long.MAX_VALUE;
    private volatile long ended = Long.MAX_VALUE;
    private final java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();

    void begins() {
      began = System.nanoTime();
    }

    void ends() {
      ended = System.nanoTime();
    }

    void refused(long sent, String what) {
      long answered = System.nanoTime();
      refusals.incrementAndGet();
      assertThat(answered >= began && sent <= ended).as("release request for '" + what
          + "' refused outside the leader election (" + (began == Long.MAX_VALUE ? "no leader had died"
              : "sent " + Duration.ofNanos(sent - began).toMillis() + " ms after the death, "
                  + (ended == Long.MAX_VALUE ? "election still on" : "new leaders seen after "
                      + Duration.ofNanos(ended - began).toMillis() + " ms"))
          + ")").isTrue();
    }

    int refusals() {
      return refusals.get();
    }

    Duration length() {
      return Duration.ofNanos(ended - began);
    }
  }

  /**
   * Waits until the gateway of every surviving broker (each Miniflow instance talks to one) sees
   * every partition led by a surviving broker.
   */
  private static void awaitLeadersAmong(List<ZeebeBroker> survivors) {
    List<Integer> alive = survivors.stream().map(ZeebeBroker::nodeId).toList();
    for (ZeebeBroker gateway : survivors) {
      try (CamundaClient client = topologyClient(gateway.gatewayAddress())) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
          Topology topology = client.newTopologyRequest().send().join();
          return IntStream.rangeClosed(1, PARTITIONS).allMatch(p -> topology.getBrokers().stream()
              .anyMatch(br -> alive.contains(br.getNodeId()) && br.getPartitions().stream()
                  .anyMatch(pi -> pi.getPartitionId() == p && pi.getRole() == PartitionBrokerRole.LEADER)));
        });
      }
    }
  }

  /** The node id of the partition's leader, once there is one. */
  private static int awaitLeaderOfPartition(String gateway, int partition) {
    try (CamundaClient client = topologyClient(gateway)) {
      return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        Topology topology = client.newTopologyRequest().send().join();
        boolean allLed = topology.getPartitionsCount() == PARTITIONS && IntStream.rangeClosed(1, PARTITIONS)
            .allMatch(p -> topology.getBrokers().stream().anyMatch(br -> br.getPartitions().stream()
                .anyMatch(pi -> pi.getPartitionId() == p && pi.getRole() == PartitionBrokerRole.LEADER)));
        if (!allLed) {
          return OptionalInt.empty();
        }
        return topology.getBrokers().stream().filter(br -> br.getPartitions().stream()
            .anyMatch(pi -> pi.getPartitionId() == partition && pi.getRole() == PartitionBrokerRole.LEADER))
            .mapToInt(br -> br.getNodeId()).findFirst();
      }, OptionalInt::isPresent).getAsInt();
    }
  }

  private static CamundaClient topologyClient(String gateway) {
    return CamundaClient.newClientBuilder().grpcAddress(URI.create(gateway)).preferRestOverGrpc(false).build();
  }
}
