package dev.miniflow.authorization;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What the authorization process is told of a grant: who may approve it, when its review is due,
 * and the timers until the reminder and the end, always from the recorded times, so a process
 * started again after a restart keeps them.
 */
@Component
class GrantSchedule {
  static final Duration REMIND_BEFORE = Duration.ofDays(3);

  private final AccessPolicy policy;
  private final Clock clock;
  private final Duration reviewWithin;

  GrantSchedule(AccessPolicy policy, Clock clock, GrantSettings settings) {
    this.policy = policy;
    this.clock = clock;
    this.reviewWithin = settings.reviewWithin();
  }

  /** What the authorization process knows of a grant; the review is due a fixed time after the request. */
  Map<String, Object> variables(AccessGrant grant, String miniProgramName) {
    List<String> approvers = new ArrayList<>(policy.miniProgramAdmins(grant.miniProgramId()));
    approvers.remove(grant.grantee());
    Instant due = grant.requestedAt().plus(reviewWithin);
    Duration left = Duration.between(clock.instant(), due);
    Map<String, Object> variables = new HashMap<>();
    variables.put(AuthorizationProcess.VAR_GRANT_ID, grant.id());
    variables.put("workspaceId", grant.workspaceId());
    variables.put("requester", grant.grantee());
    variables.put("businessKey", String.valueOf(grant.id()));
    variables.put("subject", AccessRequests.subject(grant, miniProgramName));
    variables.put(AuthorizationProcess.VAR_APPROVERS, approvers);
    variables.put(AuthorizationProcess.VAR_REVIEW_DUE, due.toString());
    variables.put(AuthorizationProcess.VAR_REVIEW_WITHIN, (left.isNegative() ? Duration.ZERO : left).toString());
    return variables;
  }

  /** The time left until the reminder and from there until the end, counted from the recorded end. */
  Map<String, Object> timers(AccessGrant grant) {
    Duration left = grant.expiresAt() == null ? Duration.ZERO : Duration.between(clock.instant(), grant.expiresAt());
    Duration period = left.isNegative() ? Duration.ZERO : left;
    Duration remindAfter = period.compareTo(REMIND_BEFORE) > 0 ? period.minus(REMIND_BEFORE) : Duration.ZERO;
    return Map.of(AuthorizationProcess.VAR_REMIND_AFTER, remindAfter.toString(), AuthorizationProcess.VAR_EXPIRE_AFTER,
        period.minus(remindAfter).toString());
  }

  /**
   * Where a grant's process starts again after the engine forgot it (an element id; null: at the
   * review): before activation if approved but not active yet, in its active wait while time is
   * left, else at its end.
   */
  String restartAt(AccessGrant grant) {
    if (grant.status() == GrantStatus.REQUESTED) {
      return null;
    }
    if (grant.startsAt() == null) {
      return AuthorizationProcess.ELEMENT_ACTIVATE;
    }
    return grant.expiresAt().isAfter(clock.instant()) ? AuthorizationProcess.ELEMENT_GRANT_ACTIVE
        : AuthorizationProcess.ELEMENT_EXPIRE;
  }
}
