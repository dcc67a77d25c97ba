package dev.miniflow.removal;

import dev.miniflow.notification.Inbox;
import dev.miniflow.support.AuditTrail;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of the removal processes that tell people: the owners of a finding, and everyone
 * concerned when a removal ends. Once per removal, status and person, however often a job runs.
 */
@Component
class RemovalNotifications {
  private final RemovalProcess process;
  private final RemovalParties parties;
  private final Inbox inbox;
  private final AuditTrail audit;
  private final Duration rectifyWithin;

  RemovalNotifications(RemovalProcess process, RemovalParties parties, Inbox inbox, AuditTrail audit,
      RemovalSettings settings) {
    this.process = process;
    this.parties = parties;
    this.inbox = inbox;
    this.audit = audit;
    this.rectifyWithin = settings.rectifyWithin();
  }

  @Transactional
  void warnOwners(long instanceKey, long removalId) {
    Removal removal = process.bound(instanceKey, removalId);
    if (removal.kind() != Removal.Kind.FORCED || removal.status() != Removal.Status.WARNED) {
      throw removal.refuse("only an open finding warns the owners; removal " + removalId + " is " + removal.status());
    }
    for (String owner : parties.owners(removal)) {
      inbox.send(removal.workspaceId(), owner, "removal-" + removalId + "-warning-" + owner,
          "Warning: " + parties.programName(removal)
              + " breaks a rule",
          removal.severity() + " finding \"" + removal.rule() + "\": " + removal.evidence()
              + ". Rectify it within " + rectifyWithin.toDays() + " days or it is removed.",
          "/removals/" + removalId);
    }
    audit.record(AuditTrail.SYSTEM, RemovalAudit.WARNED, removalId, removal.workspaceId(),
        "owners " + parties.owners(removal));
  }

  /** Tells the requester and the mini program's owners how the removal ended. */
  @Transactional
  void notifyConcerned(long instanceKey, long removalId) {
    Removal removal = process.bound(instanceKey, removalId);
    Set<String> recipients = new LinkedHashSet<>(parties.owners(removal));
    recipients.add(removal.requestedBy());
    String name = parties.programName(removal);
    String subject = switch (removal.status()) {
      case REMOVED -> "Removed: " + name;
      case REJECTED -> "Removal refused: " + name;
      case WITHDRAWN -> "Removal withdrawn: " + name;
      case RESOLVED -> "Finding resolved: " + name;
      default -> null;
    };
    if (subject == null) {
      return;
    }
    String body = subject + ". " + removal.reason()
        + (removal.decisionComment() == null ? "" : " Comment: " + removal.decisionComment());
    for (String recipient : recipients) {
      if (inbox.send(removal.workspaceId(), recipient,
          "removal-" + removalId + "-" + removal.status() + "-" + recipient, subject, body,
          "/removals/" + removalId)) {
        audit.record(AuditTrail.SYSTEM, RemovalAudit.NOTIFIED, removalId, removal.workspaceId(),
            recipient + ": " + subject);
      }
    }
  }
}
