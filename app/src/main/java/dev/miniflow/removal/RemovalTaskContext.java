package dev.miniflow.removal;

import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.tasklist.TaskContextProvider;
import dev.miniflow.tasklist.UserTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What a reviewer or inspector sees of a removal on its task. */
@Component
class RemovalTaskContext implements TaskContextProvider {
  private final RemovalQueries removals;
  private final RemovalProcess process;
  private final MiniProgramService miniPrograms;

  RemovalTaskContext(RemovalQueries removals, RemovalProcess process, MiniProgramService miniPrograms) {
    this.removals = removals;
    this.process = process;
    this.miniPrograms = miniPrograms;
  }

  @Override
  public boolean handles(String processId) {
    return RemovalProcess.REMOVAL_ID.equals(processId) || RemovalProcess.FORCE_REMOVAL_ID.equals(processId);
  }

  /**
   * A review task is about its instance's removal while it waits for a person: a requested
   * removal under review (not by its requester), or a rectification (not by the owner who sent it).
   */
  @Override
  public java.util.Optional<Binding> bind(long processInstanceKey, String businessKey) {
    return process.waitingForReview(processInstanceKey)
        .filter(removal -> businessKey == null || businessKey.equals(String.valueOf(removal.id())))
        .map(removal -> {
          String program = miniPrograms.miniProgramWithoutAccessCheck(removal.miniProgramId()).name();
          boolean rectification = removal.status() == Removal.Status.RECTIFICATION_SUBMITTED;
          String requester =
              rectification && removal.rectifiedBy() != null ? removal.rectifiedBy() : removal.requestedBy();
          String subject = removal.kind() == Removal.Kind.REQUESTED ? "Remove " + program
              : "Finding on " + program + ": " + removal.rule();
          return new Binding(removal.workspaceId(), String.valueOf(removal.id()), subject, requester,
              java.util.Set.of(requester), new About(program, null));
        });
  }

  @Override
  public TaskContext describe(UserTask task) {
    Removal removal = removals.load(Long.parseLong(task.businessKey()));
    String program = miniPrograms.miniProgramWithoutAccessCheck(removal.miniProgramId()).name();
    List<Fact> facts = new ArrayList<>(List.of(
        new Fact("Mini program", program),
        new Fact("Kind", removal.kind().name()),
        new Fact("Asked by", removal.requestedBy()),
        new Fact("Reason", removal.reason()),
        new Fact("Releases", removal.releaseIds().toString()),
        new Fact("Status", removal.status().name())));
    if (removal.kind() == Removal.Kind.FORCED) {
      facts.add(new Fact("Severity", String.valueOf(removal.severity())));
      facts.add(new Fact("Evidence", removal.evidence()));
      facts.add(new Fact("Rectification", String.valueOf(removal.rectification())));
    }
    return new TaskContext("Removal of " + program, facts, null, "/removals/" + removal.id());
  }

  @Override
  public About about(UserTask task) {
    Removal removal = removals.load(Long.parseLong(task.businessKey()));
    return new About(miniPrograms.miniProgramWithoutAccessCheck(removal.miniProgramId()).name(), null);
  }

  @Override
  public void checkCompletion(UserTask task, Map<String, Object> values) {
    TaskContextProvider.requireCommentOnReject(values, "the requester");
  }
}
