package dev.miniflow.release;

import dev.miniflow.notification.Inbox;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells the people concerned when a release changes in a way they care about or must act on: the
 * requester about outcomes, operators when an approved release waits for its rollout. Once per
 * release, status and person, however often a worker runs.
 */
@Component
class ReleaseNotifications {
  private final ReleaseNames names;
  private final WorkspaceAccess access;
  private final Inbox inbox;
  private final AuditTrail audit;

  ReleaseNotifications(ReleaseNames names, WorkspaceAccess access, Inbox inbox, AuditTrail audit) {
    this.names = names;
    this.access = access;
    this.inbox = inbox;
    this.audit = audit;
  }

  @Transactional
  public void statusChanged(Release release) {
    String what = names.of(release).what(release);
    String subject;
    String body;
    Set<String> recipients = new LinkedHashSet<>();
    recipients.add(release.requestedBy());
    switch (release.status()) {
      case RELEASED -> {
        subject = "Released: " + what;
        body = what + " is live for everyone. Approved by " + release.decidedBy() + ".";
      }
      case REJECTED -> {
        subject = "Rejected: " + what;
        body = what + " was rejected by " + ("partner".equals(release.decidedBy()) ? "the partner app"
            : release.decidedBy()) + ": " + release.decisionComment();
      }
      case APPROVED -> {
        subject = "Approved: " + what;
        if (release.autoRelease()) {
          body = what + " was approved and is being published.";
        } else {
          body = what + " was approved by " + release.decidedBy() + " and waits for its rollout (pilot, grayscale"
              + " or full release).";
          recipients.addAll(access.membersWithRole(release.workspaceId(), Role.OPERATOR));
        }
      }
      case PILOT -> {
        subject = "In pilot: " + what;
        body = what + " is available to " + release.testers().size() + " pilot testers.";
      }
      case GRAYSCALE -> {
        subject = "Grayscale " + release.grayscalePercent() + "%: " + what;
        body = what + " is available to " + release.grayscalePercent() + "% of users.";
      }
      case WITHDRAWN -> {
        subject = "Withdrawn: " + what;
        body = what + " was withdrawn" + reason(release);
      }
      case CANCELED -> {
        subject = "Canceled: " + what;
        body = what + " was canceled" + reason(release);
      }
      default -> {
        return;
      }
    }
    String state =
        release.status().name() + (release.status() == ReleaseStatus.GRAYSCALE ? "-" + release.grayscalePercent() : "");
    for (String recipient : recipients) {
      if (inbox.send(release.workspaceId(), recipient, "release-" + release.id() + "-" + state + "-" + recipient,
          subject, body,
          "/releases/" + release.id())) {
        audit.record(AuditTrail.SYSTEM, ReleaseAudit.NOTIFIED, release.id(),
            release.workspaceId(), recipient + ": " + subject);
      }
    }
  }

  private static String reason(Release release) {
    return release.stoppedReason() == null || release.stoppedReason().isBlank() ? "."
        : ": " + release.stoppedReason();
  }
}
