package dev.miniflow.partner;

import dev.miniflow.workspace.WorkspaceAccess;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A workspace's target apps; admins add, configure, disable them and change their listing rules. */
@RestController
class TargetAppApi {
  private final TargetApps targetApps;
  private final TargetAppAdministration administration;
  private final WorkspaceAccess access;

  TargetAppApi(TargetApps targetApps, TargetAppAdministration administration, WorkspaceAccess access) {
    this.targetApps = targetApps;
    this.administration = administration;
    this.access = access;
  }

  /** Lists the target apps of a workspace. The super apps its mini programs are released to; for its members. */
  @GetMapping("/api/v1/workspaces/{workspaceId}/target-apps")
  List<TargetAppView> list(@PathVariable long workspaceId) {
    access.requireMember(workspaceId, "Workspace " + workspaceId);
    return targetApps.ofWorkspace(workspaceId).stream().map(this::view).toList();
  }

  /** Listing rules as people send them; a missing bound is no rule. */
  record Rules(@Min(0) @Max(10_000) Integer nameMin, @Min(1) @Max(10_000) Integer nameMax,
      @Min(0) @Max(100_000) Integer descriptionMin, @Min(1) @Max(100_000) Integer descriptionMax,
      boolean logoRequired, boolean logoSquare, @Min(1) @Max(100 * 1024 * 1024) Integer logoMaxBytes,
      boolean defaultLanguageRequired, @Min(1) @Max(1_000_000) Integer maxMiniPrograms,
      @Min(1) @Max(1_000_000) Integer maxVersionsKept) {

    ListingRuleSet toRuleSet() {
      return new ListingRuleSet(null, null, nameMin, nameMax, descriptionMin, descriptionMax, logoRequired,
          logoSquare, logoMaxBytes, defaultLanguageRequired, maxMiniPrograms, maxVersionsKept, null, null);
    }
  }

  record NewApp(@Size(max = 64) String code, @Size(max = 128) String name, TargetAppKind kind,
      @Size(max = 32) String connector, @Size(max = 512) String endpointUrl, @Size(min = 16, max = 128) String secret,
      Boolean sandboxReviewRequired, @Valid Rules listingRules) {}

  /**
   * Adds a target app to a workspace. Body: code, name, kind, connector, endpointUrl, secret, sandboxReviewRequired,
   * listingRules; workspace admins only.
   */
  @PostMapping("/api/v1/workspaces/{workspaceId}/target-apps")
  ResponseEntity<TargetAppView> create(@PathVariable long workspaceId, @Valid @RequestBody NewApp body) {
    TargetApp created = administration.create(workspaceId, new TargetAppAdministration.NewTargetApp(body.code(),
        body.name(), body.kind(), body.connector(), body.endpointUrl(), body.secret(), body.sandboxReviewRequired(),
        body.listingRules() == null ? null : body.listingRules().toRuleSet()));
    return ResponseEntity.created(URI.create("/api/v1/target-apps/" + created.id())).body(view(created));
  }

  record Settings(@Size(min = 1, max = 128) String name, @Size(max = 32) String connector,
      @Size(max = 512) String endpointUrl, @Size(min = 16, max = 128) String secret, Boolean sandboxReviewRequired,
      TargetAppKind kind) {}

  /** Changes a target app's settings. Name, connector, endpoint, secret and sandbox review; workspace admins only. */
  @PutMapping("/api/v1/target-apps/{id}")
  TargetAppView configure(@PathVariable long id, @Valid @RequestBody Settings body) {
    return view(body.kind() == null
        ? administration.configure(id, body.name(), body.connector(), body.endpointUrl(), body.secret(),
            body.sandboxReviewRequired())
        : administration.configure(id, body.name(), body.connector(), body.endpointUrl(), body.secret(),
            body.sandboxReviewRequired(), body.kind()));
  }

  /**
   * Sets new listing rules for a target app. A new version for requests from now on; releases already asked for keep
   * theirs. Workspace admins only.
   */
  @PutMapping("/api/v1/target-apps/{id}/listing-rules")
  TargetAppView.RulesView changeRules(@PathVariable long id, @Valid @RequestBody Rules body) {
    return TargetAppView.RulesView.of(administration.changeRules(id, body.toRuleSet()));
  }

  /** Disables a target app. No new releases go to it; workspace admins only. */
  @PostMapping("/api/v1/target-apps/{id}/disable")
  TargetAppView disable(@PathVariable long id) {
    return view(administration.setEnabled(id, false));
  }

  /** Enables a disabled target app again. Workspace admins only. */
  @PostMapping("/api/v1/target-apps/{id}/enable")
  TargetAppView enable(@PathVariable long id) {
    return view(administration.setEnabled(id, true));
  }

  private TargetAppView view(TargetApp app) {
    return TargetAppView.of(app, targetApps.currentRules(app));
  }
}
