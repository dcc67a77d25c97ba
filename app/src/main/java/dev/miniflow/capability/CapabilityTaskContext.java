package dev.miniflow.capability;

import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.tasklist.TaskContextProvider;
import dev.miniflow.tasklist.UserTask;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** What an admin sees of a capability request, and the rule that a rejection says why. */
@Component
class CapabilityTaskContext implements TaskContextProvider {
  private final CapabilityGrantRepository grants;
  private final FeaturePermissionProcess process;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;

  CapabilityTaskContext(CapabilityGrantRepository grants, FeaturePermissionProcess process,
      MiniProgramService miniPrograms, TargetApps targetApps) {
    this.grants = grants;
    this.process = process;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
  }

  @Override
  public boolean handles(String processId) {
    return FeaturePermissionProcess.PROCESS_ID.equals(processId);
  }

  /** A review task is about its instance's request while it waits; whoever asked does not decide it. */
  @Override
  public Optional<Binding> bind(long processInstanceKey, String businessKey) {
    return process.underReview(processInstanceKey)
        .filter(grant -> businessKey == null || businessKey.equals(String.valueOf(grant.id())))
        .map(grant -> {
          About about = new About(program(grant), targetApps.get(grant.targetAppId()).name());
          return new Binding(grant.workspaceId(), String.valueOf(grant.id()),
              NewCapabilityRequests.subject(grant, about.miniProgram(), about.targetApp()), grant.requestedBy(),
              Set.of(grant.requestedBy()), about);
        });
  }

  @Override
  public TaskContext describe(UserTask task) {
    CapabilityGrant grant = load(task);
    return new TaskContext(grant.requestedBy() + " asks for " + grant.capabilityCode(), List.of(
        new Fact("Mini program", program(grant)),
        new Fact("Target app", targetApps.get(grant.targetAppId()).name()),
        new Fact("Capability", grant.capabilityCode()),
        new Fact("Why", grant.justification()),
        new Fact("How it is used", grant.useDescription()),
        new Fact("Status", grant.status().name())), null,
        "/mini-programs/" + grant.miniProgramId() + "/capabilities");
  }

  @Override
  public About about(UserTask task) {
    CapabilityGrant grant = load(task);
    return new About(program(grant), targetApps.get(grant.targetAppId()).name());
  }

  @Override
  public void checkCompletion(UserTask task, Map<String, Object> values) {
    TaskContextProvider.requireCommentOnReject(values, "the requester");
  }

  private CapabilityGrant load(UserTask task) {
    return grants.findById(Long.parseLong(task.businessKey()))
        .orElseThrow(() -> new IllegalStateException("No capability grant " + task.businessKey()));
  }

  private String program(CapabilityGrant grant) {
    return miniPrograms.miniProgramWithoutAccessCheck(grant.miniProgramId()).name();
  }
}
