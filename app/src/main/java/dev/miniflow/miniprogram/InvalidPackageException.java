package dev.miniflow.miniprogram;

import org.springframework.modulith.NamedInterface;
/** A package that breaks a rule; the message names the rule and the offending entry. */
@NamedInterface("api")
public class InvalidPackageException extends RuntimeException {
  private final PackageProblem reason;

  public InvalidPackageException(PackageProblem reason, String message) {
    super(message);
    this.reason = reason;
  }

  public PackageProblem reason() {
    return reason;
  }
}
