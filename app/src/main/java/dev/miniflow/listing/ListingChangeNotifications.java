package dev.miniflow.listing;

import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.notification.Inbox;
import dev.miniflow.partner.TargetApps;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The notify step of bpmn/listing-change.bpmn: the requester learns how their change ended in the target app. */
@Component
class ListingChangeNotifications {
  private final ListingChangeProcess process;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final Inbox inbox;

  ListingChangeNotifications(ListingChangeProcess process, MiniProgramService miniPrograms, TargetApps targetApps,
      Inbox inbox) {
    this.process = process;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.inbox = inbox;
  }

  @Transactional
  void notifyRequester(long instanceKey, long changeId) {
    ListingChange change = process.bound(instanceKey, changeId);
    if (ListingChange.Status.OPEN.contains(change.status())) {
      throw new dev.miniflow.engine.StepRefused("listing change " + changeId + " has not ended yet",
          change.workspaceId(), ListingChange.SUBJECT, changeId);
    }
    String program = miniPrograms.miniProgramWithoutAccessCheck(change.miniProgramId()).name();
    String app = targetApps.get(change.targetAppId()).name();
    inbox.send(change.workspaceId(), change.requestedBy(), "listing-change-" + changeId + "-" + change.status(),
        "Listing of " + program + " in " + app + ": " + change.status().name().toLowerCase().replace('_', ' '),
        change.decisionComment() == null ? "" : change.decisionComment(),
        "/mini-programs/" + change.miniProgramId() + "/listing-changes");
  }
}
