package dev.miniflow.miniprogram;

/** A package that breaks a rule; the message names the rule and the offending entry. */
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
