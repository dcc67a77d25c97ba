package dev.miniflow.processes;

import org.springframework.modulith.NamedInterface;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Workspace variants: a workspace's process owner changes a platform process for that workspace
 * only. A variant is deployed under its own process id, {@code <process>.ws-<workspace>}, so the
 * engine keeps it apart; new instances of the workspace start on its latest variant (if any),
 * every other workspace on the platform default, and running instances keep their version.
 */
@Component
@NamedInterface("api")
public class ProcessVariants {
  private static final Pattern VARIANT = Pattern.compile("(.+)\\.ws-(\\d{1,18})");
  private final ProcessDefinitions definitions;

  ProcessVariants(ProcessDefinitions definitions) {
    this.definitions = definitions;
  }

  /** The process id the workspace's new instances start: its variant if it has one, else the platform's. */
  public String processIdFor(String platformProcessId, long workspaceId) {
    String variant = variantId(platformProcessId, workspaceId);
    return definitions.exists(variant) ? variant : platformProcessId;
  }

  static String variantId(String platformProcessId, long workspaceId) {
    return platformProcessId + ".ws-" + workspaceId;
  }

  /** What kind of process this is: the platform process id of a variant, or the id itself. */
  public static String kindOf(String bpmnProcessId) {
    Matcher m = VARIANT.matcher(bpmnProcessId);
    return m.matches() ? m.group(1) : bpmnProcessId;
  }

  /** The workspace a variant belongs to; empty for a platform process. */
  public static Optional<Long> workspaceOf(String bpmnProcessId) {
    Matcher m = VARIANT.matcher(bpmnProcessId);
    return m.matches() ? Optional.of(Long.parseLong(m.group(2))) : Optional.empty();
  }
}
