package dev.miniflow.tasklist;

import org.springframework.modulith.NamedInterface;
import java.time.Instant;
import java.util.List;

/** A human step of a process instance, as Miniflow's task list knows it. */
@NamedInterface("api")
public record UserTask(
    long id,
    long jobKey,
    long processInstanceKey,
    String processId,
    String elementId,
    String name,
    long workspaceId,
    String businessKey,
    String subject,
    String initiator,
    List<String> candidateGroups,
    List<String> candidateUsers,
    String assignee,
    Long formKey,
    Instant dueAt,
    TaskState state,
    Instant createdAt,
    Instant completedAt,
    String completedBy,
    String outcome,
    int lockVersion,
    Long processDefinitionKey,
    int priority,
    String miniProgram,
    String targetApp,
    /** Who may not decide it (four-eyes): the requester, and for a release the version's uploader. */
    List<String> excluded) {

  public boolean open() {
    return TaskState.UNFINISHED.contains(state);
  }
}
