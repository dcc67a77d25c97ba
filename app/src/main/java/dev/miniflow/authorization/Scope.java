package dev.miniflow.authorization;

/** What someone may do on a mini program. */
public enum Scope {
  UPLOAD, RELEASE, ANALYTICS, MEMBERS
}
