package dev.miniflow.release;

import org.springframework.modulith.NamedInterface;
/** Where in a target app a release goes. */
@NamedInterface("api")
public enum Environment {
  PRODUCTION, SANDBOX, TEST, DEVELOPMENT
}
