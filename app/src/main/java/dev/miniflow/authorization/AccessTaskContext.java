package dev.miniflow.authorization;

import dev.miniflow.tasklist.TaskContextProvider;
import dev.miniflow.tasklist.UserTask;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What an approver sees of an access request, and the rule that a rejection says why. */
@Component
class AccessTaskContext implements TaskContextProvider {
  private final AccessRequests requests;
  private final AuthorizationProcess process;
  private final MiniProgramDirectory miniPrograms;

  AccessTaskContext(AccessRequests requests, AuthorizationProcess process, MiniProgramDirectory miniPrograms) {
    this.requests = requests;
    this.process = process;
    this.miniPrograms = miniPrograms;
  }

  @Override
  public boolean handles(String processId) {
    return AuthorizationProcess.PROCESS_ID.equals(processId);
  }

  /** A review task is about its instance's access request while it waits; the developer who asked does not decide it. */
  @Override
  public java.util.Optional<Binding> bind(long processInstanceKey, String businessKey) {
    return process.underReview(processInstanceKey)
        .filter(grant -> businessKey == null || businessKey.equals(String.valueOf(grant.id())))
        .map(grant -> {
          String program = miniPrograms.find(grant.miniProgramId()).map(MiniProgramDirectory.Listing::name)
              .orElse(null);
          return new Binding(grant.workspaceId(), String.valueOf(grant.id()),
              AccessRequests.subject(grant, program == null ? "?" : program), grant.grantee(),
              java.util.Set.of(grant.grantee()), new About(program, null));
        });
  }

  @Override
  public TaskContext describe(UserTask task) {
    AccessGrant grant = requests.load(Long.parseLong(task.businessKey()));
    String program = miniPrograms.find(grant.miniProgramId()).map(MiniProgramDirectory.Listing::name).orElse("?");
    return new TaskContext(grant.grantee() + " asks for access to " + program, List.of(
        new Fact("Developer", grant.grantee()),
        new Fact("Mini program", program),
        new Fact("Scopes", String.join(", ", grant.scopes()).toLowerCase()),
        new Fact("For", grant.days() + " days from approval"),
        new Fact("Why", grant.justification()),
        new Fact("Status", grant.status().name())), null, "/mini-programs/" + grant.miniProgramId() + "/access");
  }

  @Override
  public About about(UserTask task) {
    AccessGrant grant = requests.load(Long.parseLong(task.businessKey()));
    return new About(miniPrograms.find(grant.miniProgramId()).map(MiniProgramDirectory.Listing::name).orElse(null),
        null);
  }

  @Override
  public void checkCompletion(UserTask task, Map<String, Object> values) {
    TaskContextProvider.requireCommentOnReject(values, "the developer");
  }
}
