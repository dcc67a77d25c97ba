package dev.miniflow.authorization;

/** Names shared with bpmn/authorization.bpmn. */
public final class AuthorizationProcess {
  private AuthorizationProcess() {}

  public static final String PROCESS_ID = "authorization";
  public static final String RECORD_DECISION = "authorization.record-decision";
  public static final String ACTIVATE = "authorization.activate";
  public static final String REMIND = "authorization.remind-expiry";
  public static final String EXPIRE = "authorization.expire";
  public static final String NOTIFY = "authorization.notify";
  public static final String ESCALATE = "authorization.escalate";
  public static final String MESSAGE_REVOKED = "grant-revoked";

  /** Elements a restarted embedded engine starts instances at (the access request's recovery). */
  public static final String ELEMENT_ACTIVATE = "Activate";
  public static final String ELEMENT_GRANT_ACTIVE = "GrantActive";
  public static final String ELEMENT_EXPIRE = "Expire";

  public static final String VAR_GRANT_ID = "grantId";
  public static final String VAR_APPROVERS = "approvers";
  public static final String VAR_REVIEW_DUE = "reviewDue";
  /** Timers run on the engine's clock, so they are durations from when they start, not dates. */
  public static final String VAR_REVIEW_WITHIN = "reviewWithin";
  public static final String VAR_REMIND_AFTER = "remindAfter";
  public static final String VAR_EXPIRE_AFTER = "expireAfter";
  public static final String VAR_DECISION = "decision";
  public static final String VAR_COMMENT = "comment";
  public static final String VAR_COMPLETED_BY = "completedBy";
}
