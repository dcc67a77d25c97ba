package dev.miniflow.authorization;

public enum GrantStatus {
  REQUESTED, REJECTED, ACTIVE, EXPIRED, REVOKED
}
