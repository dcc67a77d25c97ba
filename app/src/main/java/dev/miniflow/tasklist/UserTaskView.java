package dev.miniflow.tasklist;

import java.time.Instant;
import java.util.List;

/** A task as the API answers with it: its own type, so the user_task table can change without clients seeing it. */
record UserTaskView(
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
    List<String> excluded,
    /** When recent handling times say it will be done, and whether that is after its due date. */
    Instant expectedDoneAt,
    Boolean likelyLate) {

  static UserTaskView of(UserTask t) {
    return of(t, null);
  }

  static UserTaskView of(UserTask t, dev.miniflow.tasklist.sla.TaskForecast.Forecast forecast) {
    return new UserTaskView(t.id(), t.jobKey(), t.processInstanceKey(), t.processId(), t.elementId(), t.name(),
        t.workspaceId(), t.businessKey(), t.subject(), t.initiator(), t.candidateGroups(), t.candidateUsers(),
        t.assignee(), t.formKey(), t.dueAt(), t.state(), t.createdAt(), t.completedAt(), t.completedBy(), t.outcome(),
        t.lockVersion(), t.processDefinitionKey(), t.priority(), t.miniProgram(), t.targetApp(), t.excluded(),
        forecast == null ? null : forecast.expectedDoneAt(), forecast == null ? null : forecast.late());
  }
}
