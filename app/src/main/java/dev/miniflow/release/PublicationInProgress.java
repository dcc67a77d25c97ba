package dev.miniflow.release;

import dev.miniflow.partner.PartnerUnavailableException;

/** Another delivery of the same rollout job is asking the partner right now: this one tries again later. */
class PublicationInProgress extends PartnerUnavailableException {
  PublicationInProgress(long releaseId) {
    super("Release " + releaseId + " is being published by another delivery of this step; it is tried again later", null);
  }
}
