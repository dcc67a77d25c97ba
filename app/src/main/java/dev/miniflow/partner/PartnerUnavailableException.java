package dev.miniflow.partner;

/** The partner app could not be reached or failed for now; the same request may succeed later. */
public class PartnerUnavailableException extends RuntimeException {
  public PartnerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
