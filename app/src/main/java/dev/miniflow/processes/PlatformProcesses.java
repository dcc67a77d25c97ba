package dev.miniflow.processes;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Process;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The platform's default processes, the files under {@code bpmn/} as shipped: the reference a
 * deployed process of the same id is checked against ({@link DeployPolicy}).
 */
final class PlatformProcesses {
  private static final Map<String, BpmnModelInstance> DEFAULTS = load();

  private PlatformProcesses() {}

  static Map<String, BpmnModelInstance> all() {
    return DEFAULTS;
  }

  private static Map<String, BpmnModelInstance> load() {
    Map<String, BpmnModelInstance> defaults = new TreeMap<>();
    try {
      for (var resource : new PathMatchingResourcePatternResolver().getResources("classpath*:bpmn/*.bpmn")) {
        try (InputStream in = resource.getInputStream()) {
          BpmnModelInstance model = Bpmn.readModelFromStream(in);
          model.getModelElementsByType(Process.class).stream().filter(Process::isExecutable)
              .forEach(process -> defaults.put(process.getId(), model));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(defaults);
  }
}
