package dev.miniflow.token;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.miniflow.support.EnumCodes;

/**
 * What a token may be used for. A scope only narrows: whatever the call, the owner's current
 * roles in the workspace decide as they do for the owner's own login.
 */
enum TokenScope {
  READ("Read what its owner may read (and validate processes and forms)"),
  UPLOAD("Upload versions of mini programs"),
  RELEASE("Ask for releases, cancel and withdraw them"),
  REVIEW("Claim, comment on and decide tasks"),
  ADMIN("Every other change its owner may make"),
  METRICS("Read /actuator/prometheus, and nothing else (its owner must be a workspace admin)");

  private final String description;

  TokenScope(String description) {
    this.description = description;
  }

  @JsonValue
  public String code() {
    return EnumCodes.code(this);
  }

  public String description() {
    return description;
  }

}
