package dev.miniflow.partner;

import org.springframework.modulith.NamedInterface;
/** The partner app could not be reached or failed for now; the same request may succeed later. */
@NamedInterface("api")
public class PartnerUnavailableException extends RuntimeException {
  public PartnerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
