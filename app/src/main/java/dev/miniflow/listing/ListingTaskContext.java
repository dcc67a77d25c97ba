package dev.miniflow.listing;

import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.tasklist.TaskContextProvider;
import dev.miniflow.tasklist.UserTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** What a reviewer sees of a listing change: each field the target app lists now and would list after. */
@Component
class ListingTaskContext implements TaskContextProvider {
  private final ListingChangeRepository changes;
  private final ListingChangeProcess process;
  private final ListingSnapshot snapshots;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;

  ListingTaskContext(ListingChangeRepository changes, ListingChangeProcess process, ListingSnapshot snapshots,
      MiniProgramService miniPrograms, TargetApps targetApps) {
    this.changes = changes;
    this.process = process;
    this.snapshots = snapshots;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
  }

  @Override
  public boolean handles(String processId) {
    return ListingChangeProcess.PROCESS_ID.equals(processId);
  }

  /** A review task is about its instance's change while it waits; whoever changed the listing does not decide it. */
  @Override
  public Optional<Binding> bind(long processInstanceKey, String businessKey) {
    return process.underReview(processInstanceKey)
        .filter(change -> businessKey == null || businessKey.equals(String.valueOf(change.id())))
        .map(change -> {
          About about = new About(program(change), targetApps.get(change.targetAppId()).name());
          return new Binding(change.workspaceId(), String.valueOf(change.id()), subject(about),
              change.requestedBy(), Set.of(change.requestedBy()), about);
        });
  }

  @Override
  public TaskContext describe(UserTask task) {
    ListingChange change = load(task);
    Map<String, Object> before = snapshots.fields(change.previous());
    Map<String, Object> after = snapshots.fields(change.listing());
    List<String> changed = new ArrayList<>();
    after.forEach((field, value) -> {
      if (!Objects.equals(before.get(field), value)) {
        changed.add(field + ": " + before.get(field) + " → " + value);
      }
    });
    return new TaskContext(subject(change), List.of(
        new Fact("Mini program", program(change)),
        new Fact("Target app", targetApps.get(change.targetAppId()).name()),
        new Fact("Changed by", change.requestedBy()),
        new Fact("Status", change.status().name())), null,
        "/mini-programs/" + change.miniProgramId() + "/listing-changes",
        List.of(new Section("What the target app would list instead", changed)));
  }

  @Override
  public About about(UserTask task) {
    ListingChange change = load(task);
    return new About(program(change), targetApps.get(change.targetAppId()).name());
  }

  @Override
  public void checkCompletion(UserTask task, Map<String, Object> values) {
    TaskContextProvider.requireCommentOnReject(values, "whoever changed the listing");
  }

  private ListingChange load(UserTask task) {
    return changes.findById(Long.parseLong(task.businessKey()))
        .orElseThrow(() -> new IllegalStateException("No listing change " + task.businessKey()));
  }

  private String program(ListingChange change) {
    return miniPrograms.miniProgramWithoutAccessCheck(change.miniProgramId()).name();
  }

  String subject(ListingChange change) {
    return subject(new About(program(change), targetApps.get(change.targetAppId()).name()));
  }

  private static String subject(About about) {
    return "Listing of " + about.miniProgram() + " in " + about.targetApp();
  }
}
