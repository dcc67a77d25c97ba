package dev.miniflow.partner;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import dev.miniflow.workspace.WorkspaceCreated;
import java.util.regex.Pattern;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Workspace admins add, configure and disable their target apps and change their listing rules
 * (each change a new {@link ListingRuleSet}, so it applies to new requests only); all audited.
 */
@Service
class TargetAppAdministration {
  private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");

  private final TargetAppRepository repository;
  private final ListingRuleSets ruleSets;
  private final TargetApps targetApps;
  private final SecretRotation secrets;
  private final WorkspaceAccess access;
  private final AuditTrail audit;

  TargetAppAdministration(TargetAppRepository repository, ListingRuleSets ruleSets, TargetApps targetApps,
      SecretRotation secrets, WorkspaceAccess access, AuditTrail audit) {
    this.repository = repository;
    this.ruleSets = ruleSets;
    this.targetApps = targetApps;
    this.secrets = secrets;
    this.access = access;
    this.audit = audit;
  }

  /**
   * Every new workspace can publish to its own app, a partner app and a stricter "China-style"
   * app, all served by the built-in simulated partner until an admin points them elsewhere.
   */
  @EventListener
  void giveDefaults(WorkspaceCreated created) {
    // a workspace name has up to 128 characters, like an app name: the own app's name is cut to fit
    String own = (created.name().length() > 124 ? created.name().substring(0, 124) : created.name()) + " app";
    withRules(new TargetApp(null, created.workspaceId(), "native", own,
        SimulatedPartnerApp.KIND, TargetAppKind.NATIVE, false, null, null), null, AuditTrail.SYSTEM);
    withRules(new TargetApp(null, created.workspaceId(), "partner-wallet", "Partner Wallet",
        SimulatedPartnerApp.KIND, TargetAppKind.PARTNER, true, null, null), null, AuditTrail.SYSTEM);
    withRules(new TargetApp(null, created.workspaceId(), "china-style", "China-style Super App",
        SimulatedPartnerApp.KIND, TargetAppKind.STRICT, true, null, null), null, AuditTrail.SYSTEM);
  }

  /** What an admin gives a new target app; unset settings take the kind's defaults. */
  record NewTargetApp(String code, String name, TargetAppKind kind, String connector, String endpointUrl,
      String secret, Boolean sandboxReviewRequired, ListingRuleSet rules) {}

  @Transactional
  TargetApp create(long workspaceId, NewTargetApp wanted) {
    String admin = access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    String code = wanted.code() == null ? "" : wanted.code().strip();
    if (!CODE.matcher(code).matches()) {
      throw Problems.invalid("A target app's code has 2 to 64 lower-case letters, digits and dashes.");
    }
    if (targetApps.ofWorkspace(workspaceId).stream().anyMatch(app -> app.code().equals(code))) {
      throw Problems.conflict("This workspace has a target app with the code '" + code + "' already.");
    }
    TargetAppKind kind = wanted.kind() == null ? TargetAppKind.PARTNER : wanted.kind();
    String connector = wanted.connector() == null ? SimulatedPartnerApp.KIND : wanted.connector();
    targetApps.checkConnection(connector, wanted.endpointUrl());
    checkSecret(wanted.secret());
    TargetApp app = new TargetApp(null, workspaceId, code, name(wanted.name()), connector, kind,
        wanted.sandboxReviewRequired() == null || wanted.sandboxReviewRequired(), blankToNull(wanted.endpointUrl()),
        wanted.secret());
    requireHttpSettings(app);
    TargetApp saved = withRules(app, wanted.rules(), admin);
    audit.record(admin, TargetAppAudit.ADDED, saved.id(), workspaceId,
        saved.code() + " (" + kind + ", connector " + connector + ")");
    return saved;
  }

  /** Admins point a target app at its connector; the secret is write-only, and the old one lasts a grace period. */
  @Transactional
  public TargetApp configure(long targetAppId, String name, String connector, String endpointUrl, String secret,
      Boolean sandboxReviewRequired) {
    return configure(targetAppId, name, connector, endpointUrl, secret, sandboxReviewRequired, null);
  }

  /** The same, with its kind too (what reviewers are told of it; its listing rules stay as they are). */
  @Transactional
  public TargetApp configure(long targetAppId, String name, String connector, String endpointUrl, String secret,
      Boolean sandboxReviewRequired, TargetAppKind kind) {
    TargetApp app = targetApps.get(targetAppId);
    String admin = access.require(app.workspaceId(), "Target app " + targetAppId, Role.ADMIN);
    targetApps.checkConnection(connector, endpointUrl);
    checkSecret(secret);
    TargetApp changed = secrets.rotate(new TargetApp(app.id(), app.workspaceId(), app.code(),
        name == null ? app.name() : name(name), connector == null ? app.connector() : connector,
        kind == null ? app.kind() : kind,
        sandboxReviewRequired == null ? app.sandboxReviewRequired() : sandboxReviewRequired,
        endpointUrl == null ? app.endpointUrl() : endpointUrl.strip(), app.secret(), app.listingRulesId(),
        app.enabled(), app.previousSecret(), app.previousSecretUntil()), secret);
    requireHttpSettings(changed);
    TargetApp updated = repository.save(changed);
    audit.record(admin, TargetAppAudit.CONFIGURED, targetAppId, app.workspaceId(),
        "connector " + updated.connector() + ", kind " + updated.kind()
            + (updated.endpointUrl() == null ? "" : ", endpoint " + updated.endpointUrl())
            + (secret == null ? "" : ", new secret"));
    return updated;
  }

  /** New listing rules for the target app, for requests from now on; the ones in flight keep theirs. */
  @Transactional
  ListingRuleSet changeRules(long targetAppId, ListingRuleSet rules) {
    TargetApp app = targetApps.get(targetAppId);
    String admin = access.require(app.workspaceId(), "Target app " + targetAppId, Role.ADMIN);
    ListingRuleSet before = targetApps.currentRules(app);
    check(rules);
    if (before.sameRulesAs(rules)) {
      return before;
    }
    ListingRuleSet saved = ruleSets.save(rules.versionOf(targetAppId, admin));
    repository.save(app.withListingRules(saved.id()));
    audit.record(admin, TargetAppAudit.RULES_CHANGED, targetAppId, app.workspaceId(),
        String.join(" ", ListingRules.describe(app, before)) + " → "
            + String.join(" ", ListingRules.describe(app, saved)));
    return saved;
  }

  /** A disabled target app takes no new releases; releases and removals already there go on. */
  @Transactional
  TargetApp setEnabled(long targetAppId, boolean enabled) {
    TargetApp app = targetApps.get(targetAppId);
    String admin = access.require(app.workspaceId(), "Target app " + targetAppId, Role.ADMIN);
    if (app.enabled() == enabled) {
      throw Problems.conflict("This target app is " + (enabled ? "enabled" : "disabled") + " already.");
    }
    TargetApp updated = repository.save(app.withEnabled(enabled));
    audit.record(admin, enabled ? TargetAppAudit.ENABLED : TargetAppAudit.DISABLED, targetAppId, app.workspaceId(),
        app.code());
    return updated;
  }

  private TargetApp withRules(TargetApp app, ListingRuleSet rules, String by) {
    TargetApp saved = repository.save(app);
    ListingRuleSet wanted = rules == null ? ListingRuleSet.defaultsFor(app.kind()) : rules;
    check(wanted);
    return repository.save(saved.withListingRules(ruleSets.save(wanted.versionOf(saved.id(), by)).id()));
  }

  private static void check(ListingRuleSet rules) {
    if (rules.nameMin() != null && rules.nameMax() != null && rules.nameMin() > rules.nameMax()
        || rules.descriptionMin() != null && rules.descriptionMax() != null
            && rules.descriptionMin() > rules.descriptionMax()) {
      throw Problems.invalid("A lower bound is above its upper bound.");
    }
  }

  /** Secrets sign what partners send: long enough to resist guessing, short enough for the column. */
  private static void checkSecret(String secret) {
    if (secret != null && (secret.length() < 16 || secret.length() > 128)) {
      throw Problems.invalid("A secret has 16 to 128 characters.");
    }
  }

  private static void requireHttpSettings(TargetApp app) {
    if (HttpPartnerApp.KIND.equals(app.connector()) && (app.endpointUrl() == null || app.secret() == null)) {
      throw Problems.invalid("The http connector needs an endpoint URL and a secret.");
    }
  }

  private static String name(String wanted) {
    String name = wanted == null ? "" : wanted.strip();
    if (name.isEmpty() || name.length() > 128) {
      throw Problems.invalid("A target app's name has 1 to 128 characters.");
    }
    return name;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
