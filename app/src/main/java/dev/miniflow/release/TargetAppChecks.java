package dev.miniflow.release;

import dev.miniflow.capability.Capabilities;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.miniprogram.PackageReport;
import dev.miniflow.miniprogram.ServerDomains;
import dev.miniflow.partner.ListingProfile;
import dev.miniflow.partner.ListingRules;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What one target app asks of a release before anyone reviews it: its listing rules (those the
 * release was asked under), that the package calls and shows only the mini program's allowed
 * domains, and that each capability of the target app's catalogue it declares was granted.
 */
@Component
class TargetAppChecks {
  private final ReleaseRepository releases;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final ServerDomains domains;
  private final Capabilities capabilities;

  TargetAppChecks(ReleaseRepository releases, MiniProgramService miniPrograms, TargetApps targetApps,
      ServerDomains domains, Capabilities capabilities) {
    this.releases = releases;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.domains = domains;
    this.capabilities = capabilities;
  }

  /** Why the target app refuses the release: a reason code, one sentence per problem, and the whole message. */
  record Refusal(String reason, List<String> problems, String message) {}

  TargetApp targetApp(Release release) {
    return targetApps.get(release.targetAppId());
  }

  Optional<Refusal> refusal(Release release, MiniProgram program, TargetApp app, PackageReport report) {
    List<String> listing = ListingRules.violations(targetApps.rulesFor(app, releases.listingRulesId(release.id())),
        new ListingProfile(program.name(), program.description(), program.logoBytes(),
            nullToZero(program.logoWidth()), nullToZero(program.logoHeight()), program.defaultLanguage(),
            () -> miniPrograms.countInWorkspace(program.workspaceId()),
            () -> miniPrograms.countVersions(program.id())));
    if (!listing.isEmpty()) {
      return Optional.of(new Refusal("TARGET_APP_RULES", listing,
          app.name() + " does not accept this listing: " + String.join(" ", listing)));
    }
    List<String> packageProblems = new ArrayList<>(domains.unlisted(release.versionId(), report));
    packageProblems.addAll(capabilities.ungranted(program.id(), app.id(), app.name(), report.capabilities()));
    if (!packageProblems.isEmpty()) {
      return Optional.of(new Refusal("PACKAGE_NOT_ALLOWED", packageProblems,
          app.name() + " does not accept this package: " + String.join(" ", packageProblems)));
    }
    return Optional.empty();
  }

  private static int nullToZero(Integer value) {
    return value == null ? 0 : value;
  }
}
