package dev.miniflow.release;

/** Names shared with bpmn/release.bpmn: process id, job types and variables. */
public final class ReleaseProcess {
  private ReleaseProcess() {}

  public static final String PROCESS_ID = "release";

  public static final String VALIDATE_PACKAGE = "release.validate-package";
  public static final String RECORD_DECISION = "release.record-decision";
  public static final String PACKAGE = "release.package";
  public static final String PUBLISH = "release.publish";
  public static final String NOTIFY = "release.notify";

  public static final String ERROR_PACKAGE_INVALID = "PACKAGE_INVALID";

  public static final String VAR_RELEASE_ID = "releaseId";
  public static final String VAR_WORKSPACE_ID = "workspaceId";
  public static final String VAR_REQUESTER = "requester";
  public static final String VAR_BUSINESS_KEY = "businessKey";
  public static final String VAR_SUBJECT = "subject";
  public static final String VAR_DECISION = "decision";
  public static final String VAR_COMMENT = "comment";
  public static final String VAR_COMPLETED_BY = "completedBy";

  public static final String DECISION_APPROVE = "approve";
  public static final String DECISION_REJECT = "reject";
}
