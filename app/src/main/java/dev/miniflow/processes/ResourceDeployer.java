package dev.miniflow.processes;

import dev.miniflow.support.AuditTrail;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys every bpmn/*.bpmn and forms/*.form at start-up, in one deployment so linked forms
 * resolve. The engine skips resources that did not change, so restarts and several app
 * instances do not create new versions.
 */
@Component
@Order(0)
class ResourceDeployer implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(ResourceDeployer.class);

  private final ProcessDeployments deployments;

  ResourceDeployer(ProcessDeployments deployments) {
    this.deployments = deployments;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    var resolver = new PathMatchingResourcePatternResolver();
    List<ProcessDeployments.Resource> resources = new ArrayList<>();
    for (String pattern : List.of("classpath*:bpmn/*.bpmn", "classpath*:forms/*.form")) {
      for (var resource : resolver.getResources(pattern)) {
        try (InputStream in = resource.getInputStream()) {
          resources.add(new ProcessDeployments.Resource(resource.getFilename(), in.readAllBytes()));
        }
      }
    }
    if (resources.isEmpty()) {
      return;
    }
    deployments.deploy(resources, AuditTrail.SYSTEM, Map.of()).getProcesses().forEach(p ->
        log.info("Process {} version {} deployed from {}", p.getBpmnProcessId(), p.getVersion(), p.getResourceName()));
  }
}
