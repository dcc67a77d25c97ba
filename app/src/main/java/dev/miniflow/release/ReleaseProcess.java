package dev.miniflow.release;

/** Names shared with bpmn/release.bpmn: process id, messages, job types and variables. */
public final class ReleaseProcess {
  private ReleaseProcess() {}

  public static final String PROCESS_ID = "release";

  public static final String VALIDATE = "release.validate";
  public static final String RECORD_DECISION = "release.record-decision";
  public static final String PACKAGE = "release.package";
  public static final String ROLL_OUT = "release.roll-out";
  public static final String NOTIFY = "release.notify";
  public static final String CLOSE_STOPPED = "release.close-stopped";
  public static final String RECORD_PARTNER_REJECTION = "release.partner-rejected";

  /** An operator asked for the next rollout step (pilot, grayscale, full). */
  public static final String MESSAGE_ROLLOUT = "release-rollout-requested";
  /** The release was withdrawn or canceled; the per-target flow stops. */
  public static final String MESSAGE_STOPPED = "release-stopped";

  public static final String ERROR_NOT_RELEASABLE = "NOT_RELEASABLE";
  public static final String ERROR_PARTNER_REJECTED = "PARTNER_REJECTED";

  /** Root variables. */
  public static final String VAR_RELEASE_IDS = "releaseIds";
  public static final String VAR_WORKSPACE_ID = "workspaceId";
  public static final String VAR_REQUESTER = "requester";
  /** Variables local to each target app's instance of the multi-instance subprocess. */
  public static final String VAR_RELEASE_ID = "releaseId";
  public static final String VAR_BUSINESS_KEY = "businessKey";
  public static final String VAR_SUBJECT = "subject";
  public static final String VAR_REVIEW_REQUIRED = "reviewRequired";
  public static final String VAR_AUTO_RELEASE = "autoRelease";
  public static final String VAR_RELEASED = "released";
  public static final String VAR_DECISION = "decision";
  public static final String VAR_COMMENT = "comment";
  public static final String VAR_COMPLETED_BY = "completedBy";
  public static final String VAR_PARTNER_REASON = "partnerReason";

  public static final String DECISION_APPROVE = "approve";
  public static final String DECISION_REJECT = "reject";
}
