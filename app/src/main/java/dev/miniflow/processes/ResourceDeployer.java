package dev.miniflow.processes;

import dev.miniflow.support.AuditTrail;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys every bpmn/*.bpmn and forms/*.form at start-up, in one deployment so linked forms
 * resolve. The engine skips resources that did not change, so restarts and several app
 * instances do not create new versions. An engine that is not reachable yet does not stop the
 * app: the deployment is retried with growing pauses, and until it succeeds the health check
 * ("engine") says the app is not ready.
 */
@Component("engine")
@Order(0)
class ResourceDeployer implements ApplicationRunner, HealthIndicator {
  private static final Logger log = LoggerFactory.getLogger(ResourceDeployer.class);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  private final EngineDeployments deployments;
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
      r -> new Thread(r, "process-deployment-retry"));
  private volatile boolean deployed;
  private volatile String lastProblem = "not deployed yet";

  ResourceDeployer(EngineDeployments deployments) {
    this.deployments = deployments;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    List<EngineDeployments.Resource> resources = resources();
    if (!tryDeploy(resources)) {
      retries.schedule(() -> retry(resources, FIRST_PAUSE.multipliedBy(2)), FIRST_PAUSE.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void retry(List<EngineDeployments.Resource> resources, Duration nextPause) {
    if (!tryDeploy(resources)) {
      Duration pause = nextPause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : nextPause;
      retries.schedule(() -> retry(resources, pause.multipliedBy(2)), pause.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      retries.shutdown();
    }
  }

  private boolean tryDeploy(List<EngineDeployments.Resource> resources) {
    if (resources.isEmpty()) {
      deployed = true;
      return true;
    }
    try {
      deployments.deploy(resources, AuditTrail.SYSTEM, Map.of()).getProcesses().forEach(p -> log
          .info("Process {} version {} deployed from {}", p.getBpmnProcessId(), p.getVersion(), p.getResourceName()));
      deployed = true;
      return true;
    } catch (RuntimeException e) {
      lastProblem =
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      log.warn("The workflow engine did not take the processes yet ({}); retrying", lastProblem);
      return false;
    }
  }

  private static List<EngineDeployments.Resource> resources() throws IOException {
    var resolver = new PathMatchingResourcePatternResolver();
    List<EngineDeployments.Resource> resources = new ArrayList<>();
    for (String pattern : List.of("classpath*:bpmn/*.bpmn", "classpath*:forms/*.form")) {
      for (var resource : resolver.getResources(pattern)) {
        try (InputStream in = resource.getInputStream()) {
          resources.add(new EngineDeployments.Resource(resource.getFilename(), in.readAllBytes()));
        }
      }
    }
    return resources;
  }

  /** Ready once the processes are deployed: before that no request can start a process. */
  @Override
  public Health health() {
    return deployed ? Health.up().withDetail("processes", "deployed").build()
        : Health.down().withDetail("processes", "not deployed: " + lastProblem).build();
  }

  @jakarta.annotation.PreDestroy
  void stop() {
    retries.shutdownNow();
  }
}
