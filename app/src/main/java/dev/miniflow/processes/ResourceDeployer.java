package dev.miniflow.processes;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Form;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
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

  private final CamundaClient client;
  private final FormCatalog forms;
  private final ProcessCatalog processes;

  ResourceDeployer(CamundaClient client, FormCatalog forms, ProcessCatalog processes) {
    this.client = client;
    this.forms = forms;
    this.processes = processes;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    var resolver = new PathMatchingResourcePatternResolver();
    List<Resource> resources = new ArrayList<>();
    resources.addAll(List.of(resolver.getResources("classpath*:bpmn/*.bpmn")));
    resources.addAll(List.of(resolver.getResources("classpath*:forms/*.form")));
    if (resources.isEmpty()) {
      return;
    }
    Map<String, String> formSources = new HashMap<>();
    var command = client.newDeployResourceCommand();
    io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2 step = null;
    for (Resource resource : resources) {
      byte[] bytes;
      try (InputStream in = resource.getInputStream()) {
        bytes = in.readAllBytes();
      }
      String name = resource.getFilename();
      if (name.endsWith(".form")) {
        formSources.put(name, new String(bytes, StandardCharsets.UTF_8));
      } else {
        processes.learn(bytes);
      }
      step = step == null ? command.addResourceBytes(bytes, name) : step.addResourceBytes(bytes, name);
    }
    DeploymentEvent deployment = step.send().join();
    for (Form form : deployment.getForm()) {
      forms.record(form.getFormKey(), form.getFormId(), form.getVersion(), formSources.get(form.getResourceName()));
    }
    deployment.getProcesses().forEach(p ->
        log.info("Process {} version {} deployed from {}", p.getBpmnProcessId(), p.getVersion(), p.getResourceName()));
  }
}
