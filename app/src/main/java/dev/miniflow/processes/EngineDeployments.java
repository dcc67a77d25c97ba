package dev.miniflow.processes;

import dev.miniflow.support.Problems;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.client.api.response.DeploymentEvent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hands resources to the engine in one deployment (so linked forms resolve) and records what it
 * made of them: process definitions with their XML, forms, element names.
 */
@Component
class EngineDeployments {
  private final CamundaClient engine;
  private final ProcessDefinitions definitions;
  private final FormCatalog forms;
  private final ProcessCatalog names;

  EngineDeployments(CamundaClient engine, ProcessDefinitions definitions, FormCatalog forms, ProcessCatalog names) {
    this.engine = engine;
    this.definitions = definitions;
    this.forms = forms;
    this.names = names;
  }

  record Resource(String name, byte[] bytes) {}

  /** Deploys resources in one deployment (so linked forms resolve) and records what the engine made of them. */
  @Transactional
  DeploymentEvent deploy(List<Resource> resources, String author, Map<String, String> summaries) {
    DeployResourceCommandStep2 step = null;
    Map<String, byte[]> sources = new LinkedHashMap<>();
    for (Resource resource : resources) {
      sources.put(resource.name(), resource.bytes());
      step = step == null ? engine.newDeployResourceCommand().addResourceBytes(resource.bytes(), resource.name())
          : step.addResourceBytes(resource.bytes(), resource.name());
    }
    DeploymentEvent deployment;
    try {
      deployment = Objects.requireNonNull(step, "nothing to deploy").send().join();
    } catch (ClientStatusException e) {
      if (e.getStatusCode() == io.grpc.Status.Code.UNAVAILABLE
          || e.getStatusCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
        throw Problems
            .unavailable("The workflow engine is not reachable right now; nothing was deployed. Please try again.");
      }
      throw Problems.unprocessable("The engine refused the deployment", e.getMessage(),
          ProcessDeployments.PROBLEMS_TYPE);
    }
    for (var process : deployment.getProcesses()) {
      byte[] xml = sources.get(process.getResourceName());
      names.learn(xml);
      definitions.record(process.getProcessDefinitionKey(), process.getBpmnProcessId(), process.getVersion(),
          process.getResourceName(), new String(xml, StandardCharsets.UTF_8), author,
          summaries.get(process.getResourceName()));
    }
    for (var form : deployment.getForm()) {
      forms.record(form.getFormKey(), form.getFormId(), form.getVersion(),
          new String(sources.get(form.getResourceName()), StandardCharsets.UTF_8), author);
    }
    return deployment;
  }
}
