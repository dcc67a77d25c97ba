package dev.miniflow.partner;

/** The partner app refused the publication for good, with its reason. */
public class PartnerRejectedException extends RuntimeException {
  public PartnerRejectedException(String reason) {
    super(reason);
  }
}
