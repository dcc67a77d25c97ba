package dev.miniflow.authorization;

import org.springframework.modulith.NamedInterface;
/** What someone may do on a mini program. */
@NamedInterface("api")
public enum Scope {
  UPLOAD, RELEASE, ANALYTICS, MEMBERS
}
