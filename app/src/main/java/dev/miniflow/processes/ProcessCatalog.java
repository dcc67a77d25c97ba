package dev.miniflow.processes;

import org.springframework.modulith.NamedInterface;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Names of the elements of deployed processes, for showing tasks and steps with their labels. */
@Component
@NamedInterface("api")
public class ProcessCatalog {
  private final Map<String, Map<String, String>> namesByProcessId = new ConcurrentHashMap<>();

  void learn(byte[] bpmnXml) {
    var model = Bpmn.readModelFromStream(new ByteArrayInputStream(bpmnXml));
    for (var process : model.getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.Process.class)) {
      Map<String, String> names = new HashMap<>();
      for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
        if (element.getName() != null && !element.getName().isBlank()) {
          names.put(element.getId(), element.getName().strip());
        }
      }
      namesByProcessId.put(process.getId(), names);
    }
  }

  /** The element's label in the latest deployed version, or its id. */
  public String elementName(String bpmnProcessId, String elementId) {
    return namesByProcessId.getOrDefault(bpmnProcessId, Map.of()).getOrDefault(elementId, elementId);
  }
}
