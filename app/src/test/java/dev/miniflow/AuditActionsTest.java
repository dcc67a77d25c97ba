package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.support.AuditAction;
import dev.miniflow.support.AuditTrail;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Audit actions are a type: each feature module's enum names its own, the audit trail takes
 * nothing else, and every code is the one already in users' audit trails (audit_event.action,
 * the CSV export, the browser's "starts with" filter). No Spring context, no database.
 */
class AuditActionsTest {
  /**
   * Module, code and subject type of every action, as recorded before they became a type; "-" is
   * an action about whichever object its caller names. A code in here is data: it is never
   * renamed, and a new action adds a line.
   */
  static final String RECORDED = """
      authorization  grant.requested                  grant
      authorization  grant.approved                   grant
      authorization  grant.rejected                   grant
      authorization  grant.activated                  grant
      authorization  grant.escalated                  grant
      authorization  grant.expired                    grant
      authorization  grant.revoked                    grant
      authorization  grant.recovered                  grant
      authorization  mini-program.role-set            mini-program
      authorization  mini-program.role-removed        mini-program
      authorization  mini-program.roles-ended         member
      engine         process.step-refused             -
      capability     capability.catalogued            target-app
      capability     capability.uncatalogued          target-app
      capability     capability.requested             capability-grant
      capability     capability.granted               capability-grant
      capability     capability.rejected              capability-grant
      capability     capability.revoked               capability-grant
      capability     capability.recovered             capability-grant
      evidence       evidence-key.rotated             evidence-key
      evidence       evidence.exported                -
      evidence       evidence.chain-exported          audit-chain
      listing        listing.change-requested         listing-change
      listing        listing.change-approved          listing-change
      listing        listing.change-rejected          listing-change
      listing        listing.published                listing-change
      listing        listing.partner-refused          listing-change
      listing        listing.change-withdrawn         listing-change
      listing        listing.change-recovered         listing-change
      miniprogram    mini-program.created             mini-program
      miniprogram    mini-program.renamed             mini-program
      miniprogram    mini-program.texts-changed       mini-program
      miniprogram    mini-program.updated             mini-program
      miniprogram    mini-program.logo-changed        mini-program
      miniprogram    mini-program.domains-changed     mini-program
      miniprogram    version.uploaded                 version
      miniprogram    version.downloaded               version
      monitor        incident.retried                 process-instance
      monitor        instance.canceled                process-instance
      monitor        variable.changed                 process-instance
      monitor        instance.modified                process-instance
      monitor        instance.migrated                process-instance
      monitor.batch  batch.started                    batch-operation
      partner        target-app.configured            target-app
      partner        target-app.added                 target-app
      partner        target-app.rules-changed         target-app
      partner        target-app.enabled               target-app
      partner        target-app.disabled              target-app
      processes      process.deployed                 process
      processes      process.unchanged                process
      processes      form.deployed                    form
      processes      form.unchanged                   form
      promotion      promotion-code.created           mini-program
      promotion      preview-code.created             mini-program
      release        release.requested                release
      release        release.rollback-requested       release
      release        release.validated                release
      release        release.under-review             release
      release        release.approved                 release
      release        release.rejected                 release
      release        release.withdrawn                release
      release        release.canceled                 release
      release        release.recovered                release
      release        release.packaged                 release
      release        release.pilot-requested          release
      release        release.grayscale-requested      release
      release        release.full-requested           release
      release        release.pilot                    release
      release        release.grayscale                release
      release        release.released                 release
      release        release.previous-archived        release
      release        release.restored                 release
      release        release.partner-confirmed        release
      release        release.partner-withdrew         release
      release        release.removed                  release
      release        release.notified                 release
      release        release.expedited                release
      release        release.phased-started           release
      release        release.phased-advanced          release
      release        release.phased-paused            release
      release        release.phased-resumed           release
      release        release.phased-reverted          release
      release        release.phased-restored          release
      release        release.phased-ended             release
      removal        removal.requested                removal
      removal        removal.finding                  removal
      removal        removal.frozen                   removal
      removal        removal.withdrawn                removal
      removal        removal.approved                 removal
      removal        removal.rejected                 removal
      removal        removal.warned                   removal
      removal        removal.rectification-submitted  removal
      removal        removal.rectification-accepted   removal
      removal        removal.rectification-rejected   removal
      removal        removal.removed                  removal
      removal        removal.notified                 removal
      removal        removal.recovered                removal
      tasklist       task.created                     task
      tasklist       task.claimed                     task
      tasklist       task.unclaimed                   task
      tasklist       task.handed-back                 task
      tasklist       task.assigned                    task
      tasklist       task.commented                   task
      tasklist       task.completed                   task
      tasklist       task.canceled                    task
      tasklist       task.delegated                   task
      tasklist       task.expedited                   task
      tasklist       task.reminded                    task
      tasklist       task.escalated                   task
      tasklist       delegation.set                   delegation
      tasklist       delegation.ended                 delegation
      tasklist       rejection-reason.added           rejection-reason
      tasklist       rejection-reason.edited          rejection-reason
      tasklist       rejection-reason.retired         rejection-reason
      tasklist       sla.set                          sla
      tasklist       sla.removed                      sla
      token          token.created                    access-token
      token          token.revoked                    access-token
      webhook        webhook.created                  webhook
      webhook        webhook.enabled                  webhook
      webhook        webhook.disabled                 webhook
      webhook        webhook.deleted                  webhook
      webhook        webhook.redelivered              webhook
      workspace      workspace.created                workspace
      workspace      workspace.renamed                workspace
      workspace      workspace.archived               workspace
      workspace      workspace.restored               workspace
      workspace      member.added                     workspace
      workspace      member.roles-changed             workspace
      workspace      member.removed                   workspace
      workspace      member.blocked                   workspace
      workspace      member.unblocked                 workspace
      workspace      invitation.created               workspace
      workspace      invitation.accepted              workspace
      workspace      invitation.withdrawn             workspace
      workspace      invitation.resent                workspace
      workspace      account.created                  account
      workspace      platform.roles-granted           account
      workspace      login.failed                     account
      workspace      login.locked-out                 account
      """;
  static final String CODE = "[a-z]+(-[a-z]+)*\\.[a-z]+(-[a-z]+)*";

  @Test
  void everyCodeIsTheOneAlreadyInUsersAuditTrails() {
    List<String> recorded = RECORDED.lines().map(l -> String.join(" ", l.strip().split("\\s+"))).toList();
    List<String> inCode = actions().stream().map(action -> moduleOf(action) + " " + action.code() + " "
        + (action.subjectType() == null ? "-" : action.subjectType())).toList();
    assertThat(inCode).as("module, code and subject type of each audit action")
        .containsExactlyInAnyOrderElementsOf(recorded);
  }

  @Test
  void everyCodeIsUniqueAndSubjectDotVerbInLowerCaseKebab() {
    List<AuditAction> actions = actions();
    assertThat(actions).hasSizeGreaterThan(70);
    assertThat(actions).allSatisfy(action -> {
      assertThat(action.code()).as(action + " of " + moduleOf(action)).matches(CODE);
      if (action.subjectType() != null) {
        assertThat(action.subjectType()).as(action + " of " + moduleOf(action)).matches("[a-z]+(-[a-z]+)*");
      }
    });
    assertThat(actions.stream().map(AuditAction::code)).as("one constant per code").doesNotHaveDuplicates();
  }

  /** A string action does not compile: no record method takes one. */
  @Test
  void theAuditTrailRecordsTypedActionsOnly() {
    List<Method> records = Arrays.stream(AuditTrail.class.getDeclaredMethods())
        .filter(m -> m.getName().equals("record")).toList();
    assertThat(records).isNotEmpty().allSatisfy(m -> {
      assertThat(Modifier.isPublic(m.getModifiers())).isTrue();
      assertThat(m.getParameterTypes()[1]).as(m.toString()).isEqualTo(AuditAction.class);
    });
  }

  /** Every enum constant of the application that is an audit action, read from the class path. */
  static List<AuditAction> actions() {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AssignableTypeFilter(AuditAction.class));
    List<AuditAction> actions = new ArrayList<>();
    for (var candidate : scanner.findCandidateComponents("dev.miniflow")) {
      Class<?> type;
      try {
        type = Class.forName(candidate.getBeanClassName());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      assertThat(type.isEnum()).as(type + " is an enum").isTrue();
      for (Object constant : type.getEnumConstants()) {
        actions.add((AuditAction) constant);
      }
    }
    return actions;
  }

  private static String moduleOf(AuditAction action) {
    return action.getClass().getPackageName().substring("dev.miniflow.".length());
  }
}
