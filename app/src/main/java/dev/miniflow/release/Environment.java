package dev.miniflow.release;

/** Where in a target app a release goes. */
public enum Environment {
  PRODUCTION, SANDBOX, TEST, DEVELOPMENT
}
