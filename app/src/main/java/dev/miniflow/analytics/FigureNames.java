package dev.miniflow.analytics;

import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.processes.ProcessCatalog;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * What the dashboard calls things: the figures of the owning features carry ids (a step's element,
 * a target app's row); people read the step's name in the model and the target app's name.
 */
@Component
class FigureNames {
  private final ProcessCatalog processes;
  private final TargetApps targetApps;

  FigureNames(ProcessCatalog processes, TargetApps targetApps) {
    this.processes = processes;
    this.targetApps = targetApps;
  }

  /** A step's name in its model; a whole process (no step) has none. */
  String step(String processId, String elementId) {
    return elementId == null ? null : processes.elementName(processId, elementId);
  }

  /** The workspace's target apps by id, read once per dashboard; one no longer there is called by its id. */
  Function<Long, String> targetAppsOf(long workspaceId) {
    Map<Long, String> names = targetApps.ofWorkspace(workspaceId).stream()
        .collect(Collectors.toMap(TargetApp::id, TargetApp::name));
    return id -> names.getOrDefault(id, "#" + id);
  }
}
