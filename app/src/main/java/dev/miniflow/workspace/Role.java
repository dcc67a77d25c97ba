package dev.miniflow.workspace;

import org.springframework.modulith.NamedInterface;
import java.util.Arrays;
import java.util.Optional;

/** Workspace roles. Each maps to the candidate group that BPMN user tasks name. */
@NamedInterface("api")
public enum Role {
  ADMIN("admins"),
  REVIEWER("reviewers"),
  DEVELOPER("developers"),
  OPERATOR("operators"),
  INSPECTOR("inspectors"),
  PROCESS_OWNER("process-owners");

  private final String group;

  Role(String group) {
    this.group = group;
  }

  public String group() {
    return group;
  }

  public static Optional<Role> ofGroup(String group) {
    return Arrays.stream(values()).filter(r -> r.group.equals(group)).findFirst();
  }
}
