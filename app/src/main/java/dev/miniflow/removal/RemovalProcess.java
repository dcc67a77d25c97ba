package dev.miniflow.removal;

/** Names shared with bpmn/removal.bpmn and bpmn/force-removal.bpmn. */
public final class RemovalProcess {
  private RemovalProcess() {}

  public static final String REMOVAL_ID = "removal";
  public static final String FORCE_REMOVAL_ID = "force-removal";

  public static final String RECORD_DECISION = "removal.record-decision";
  public static final String TAKE_OFFLINE = "removal.take-offline";
  public static final String NOTIFY = "removal.notify";
  public static final String CLOSE_WITHDRAWN = "removal.close-withdrawn";
  public static final String WARN_OWNERS = "removal.warn-owners";
  public static final String RECORD_RECTIFICATION_REVIEW = "removal.record-rectification-review";

  public static final String MESSAGE_WITHDRAWN = "removal-withdrawn";
  public static final String MESSAGE_RECTIFIED = "removal-rectification-submitted";

  /** Elements a restarted embedded engine starts instances at (the removals' recovery). */
  public static final String ELEMENT_TAKE_OFFLINE = "TakeOffline";
  public static final String ELEMENT_WAIT_JOIN = "WaitJoin";
  public static final String ELEMENT_REVIEW_RECTIFICATION = "ReviewRectification";
  /** A forced removal's deadline variable. */
  public static final String VAR_DEADLINE = "deadline";

  public static final String VAR_REMOVAL_ID = "removalId";
  public static final String VAR_SEVERE = "severe";
  public static final String VAR_RECTIFY_WITHIN = "rectifyWithin";
  public static final String VAR_DECISION = "decision";
  public static final String VAR_COMMENT = "comment";
  public static final String VAR_REMOVE_NOW = "removeNow";
  public static final String VAR_COMPLETED_BY = "completedBy";
}
