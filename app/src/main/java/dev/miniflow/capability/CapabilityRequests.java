package dev.miniflow.capability;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Those who may release a mini program ask for capabilities of a target app's catalogue: free
 * ones are granted at once, reviewed ones wait for a workspace admin (never the requester).
 */
@Service
class CapabilityRequests {
  private final CapabilityGrantRepository grants;
  private final CapabilityRepository catalogue;
  private final NewCapabilityRequests newRequests;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final AccessPolicy policy;

  CapabilityRequests(CapabilityGrantRepository grants, CapabilityRepository catalogue,
      NewCapabilityRequests newRequests, MiniProgramService miniPrograms, TargetApps targetApps, AccessPolicy policy) {
    this.grants = grants;
    this.catalogue = catalogue;
    this.newRequests = newRequests;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.policy = policy;
  }

  List<CapabilityGrant> ofMiniProgram(long miniProgramId) {
    miniPrograms.get(miniProgramId);
    return grants.findByMiniProgramIdOrderByIdDesc(miniProgramId);
  }

  /** Asks for each capability (codes of the target app's catalogue); all or nothing. */
  @Transactional
  List<CapabilityGrant> request(long miniProgramId, long targetAppId, List<String> codes, String justification,
      String useDescription) {
    MiniProgram program = miniPrograms.get(miniProgramId);
    TargetApp app = targetApps.get(program.workspaceId(), targetAppId);
    String user = policy.require(program.workspaceId(), miniProgramId, Scope.RELEASE);
    String why = Text.prose(justification, "justification", 2000);
    String use = Text.prose(useDescription, "use description", 2000);
    if (why.isEmpty() || use.isEmpty()) {
      throw Problems.invalid("Say why the mini program needs it and how it uses it.");
    }
    if (codes == null || codes.isEmpty()) {
      throw Problems.invalid("Name at least one capability.");
    }
    List<Capability> wanted = new ArrayList<>();
    for (String code : new LinkedHashSet<>(codes)) {
      wanted.add(catalogue.findByTargetAppIdAndCode(targetAppId, code == null ? "" : code.strip())
          .orElseThrow(() -> Problems.invalid("'" + code + "' is not a capability of " + app.name()
              + "'s catalogue.")));
    }
    List<CapabilityGrant> open = grants.findByMiniProgramIdOrderByIdDesc(miniProgramId).stream()
        .filter(g -> g.targetAppId() == targetAppId && CapabilityGrant.Status.OPEN.contains(g.status())).toList();
    for (Capability capability : wanted) {
      if (open.stream().anyMatch(g -> g.capabilityCode().equals(capability.code()))) {
        throw Problems.conflict(program.name() + " already has or awaits '" + capability.code() + "' in "
            + app.name() + ".");
      }
    }
    return wanted.stream().map(capability -> newRequests.record(program, app, capability, user, why, use)).toList();
  }
}
