package dev.miniflow.capability;

import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Each target app's catalogue of sensitive capabilities, kept by the workspace's admins. */
@Service
class CapabilityCatalogue {
  /** The codes packages declare in app.json's "capabilities" (compared in lower case). */
  static final Pattern CODE = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

  private final CapabilityRepository capabilities;
  private final TargetApps targetApps;
  private final WorkspaceAccess access;
  private final AuditTrail audit;

  CapabilityCatalogue(CapabilityRepository capabilities, TargetApps targetApps, WorkspaceAccess access,
      AuditTrail audit) {
    this.capabilities = capabilities;
    this.targetApps = targetApps;
    this.access = access;
    this.audit = audit;
  }

  List<Capability> of(long targetAppId) {
    TargetApp app = targetApps.get(targetAppId);
    access.requireMember(app.workspaceId(), "Target app " + targetAppId);
    return capabilities.findByTargetAppIdOrderByCode(targetAppId);
  }

  /** Adds a capability to the catalogue, or changes its name and whether it is reviewed. */
  @Transactional
  Capability put(long targetAppId, String rawCode, String rawName, boolean reviewed) {
    TargetApp app = targetApps.get(targetAppId);
    String admin = access.require(app.workspaceId(), "Target app " + targetAppId, Role.ADMIN);
    String code = rawCode == null ? "" : rawCode.strip().toLowerCase(java.util.Locale.ROOT);
    if (!CODE.matcher(code).matches()) {
      throw Problems.invalid("A capability code starts with a letter and has up to 64 lower-case letters, digits,"
          + " dots, dashes and underscores, as packages declare it in app.json.");
    }
    String name = rawName == null ? "" : rawName.strip();
    if (name.isEmpty() || name.length() > 128) {
      throw Problems.invalid("A capability's name has 1 to 128 characters.");
    }
    Long id = capabilities.findByTargetAppIdAndCode(targetAppId, code).map(Capability::id).orElse(null);
    Capability saved = capabilities.save(new Capability(id, targetAppId, code, name, reviewed, null));
    audit.record(admin, CapabilityAudit.CATALOGUED, targetAppId, app.workspaceId(),
        code + " (" + name + ", " + (reviewed ? "reviewed" : "free") + ") in " + app.name());
    return saved;
  }

  /** Takes a capability off the catalogue: packages may declare it freely in this target app from now on. */
  @Transactional
  void remove(long targetAppId, String code) {
    TargetApp app = targetApps.get(targetAppId);
    String admin = access.require(app.workspaceId(), "Target app " + targetAppId, Role.ADMIN);
    if (code == null || !CODE.matcher(code).matches()) {
      throw Problems.invalid("'" + code + "' is not a capability code.");
    }
    Capability capability = capabilities.findByTargetAppIdAndCode(targetAppId, code)
        .orElseThrow(() -> Problems.notFound("Capability '" + code + "'"));
    capabilities.delete(capability);
    audit.record(admin, CapabilityAudit.UNCATALOGUED, targetAppId, app.workspaceId(), code + " in " + app.name());
  }
}
