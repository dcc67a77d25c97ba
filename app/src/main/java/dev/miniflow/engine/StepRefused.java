package dev.miniflow.engine;

import org.springframework.modulith.NamedInterface;
/**
 * A process step that Miniflow will not run: its job names no object of its own process
 * instance, the object's recorded status does not allow the step, or a decision has no completed
 * task behind it. The engine is not a trust boundary (a process owner writes the model), so such
 * a job fails at once with an incident and an audit entry, and nothing changes.
 */
@NamedInterface("api")
public class StepRefused extends RuntimeException {
  private final Long workspaceId;
  private final String subjectType;
  private final Object subjectId;

  public StepRefused(String message, Long workspaceId, String subjectType, Object subjectId) {
    super(message);
    this.workspaceId = workspaceId;
    this.subjectType = subjectType;
    this.subjectId = subjectId;
  }

  public Long workspaceId() {
    return workspaceId;
  }

  public String subjectType() {
    return subjectType;
  }

  public Object subjectId() {
    return subjectId;
  }
}
