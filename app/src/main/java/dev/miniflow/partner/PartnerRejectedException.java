package dev.miniflow.partner;

import org.springframework.modulith.NamedInterface;
/** The partner app refused the publication for good, with its reason. */
@NamedInterface("api")
public class PartnerRejectedException extends RuntimeException {
  public PartnerRejectedException(String reason) {
    super(reason);
  }
}
