package dev.miniflow.authorization;

import org.springframework.modulith.NamedInterface;
import java.util.EnumSet;
import java.util.Set;

/** Roles on one mini program, beside the workspace roles. */
@NamedInterface("api")
public enum MiniProgramRole {
  ADMIN(EnumSet.allOf(Scope.class)),
  DEVELOPER(EnumSet.of(Scope.UPLOAD, Scope.RELEASE, Scope.ANALYTICS));

  private final Set<Scope> scopes;

  MiniProgramRole(Set<Scope> scopes) {
    this.scopes = scopes;
  }

  public Set<Scope> scopes() {
    return scopes;
  }
}
