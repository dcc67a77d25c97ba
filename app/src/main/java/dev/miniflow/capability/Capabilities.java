package dev.miniflow.capability;

import java.util.ArrayList;
import java.util.List;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/** What release validation asks: which declared capabilities the mini program may not use in a target app. */
@Service
@NamedInterface("api")
public class Capabilities {
  private final CapabilityRepository catalogue;
  private final CapabilityGrantRepository grants;

  Capabilities(CapabilityRepository catalogue, CapabilityGrantRepository grants) {
    this.catalogue = catalogue;
    this.grants = grants;
  }

  /** One sentence per declared capability of the target app's catalogue that is not granted; others are not sensitive. */
  public List<String> ungranted(long miniProgramId, long targetAppId, String targetAppName, List<String> declared) {
    if (declared.isEmpty()) {
      return List.of(); // nothing to look up: most packages declare no capability
    }
    List<String> granted = grants.grantedCodes(miniProgramId, targetAppId);
    List<String> missing = new ArrayList<>();
    for (Capability capability : catalogue.findByTargetAppIdOrderByCode(targetAppId)) {
      if (declared.contains(capability.code()) && !granted.contains(capability.code())) {
        missing.add("The capability '" + capability.code() + "' (" + capability.name() + ") is not granted to this"
            + " mini program in " + targetAppName + "; ask for it on the mini program's Capabilities page.");
      }
    }
    return missing;
  }
}
