package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
/**
 * Something the audit trail records: each feature module's enum names its own (ReleaseAudit,
 * RemovalAudit, ...), so every action code is written once. The codes are data in users' audit
 * trails (audit_event.action, the CSV export, the browser's "starts with" filter): once
 * recorded, a code never changes (AuditActionsTest).
 */
@NamedInterface("api")
public interface AuditAction {
  /** What audit_event.action holds: "&lt;subject&gt;.&lt;verb&gt;" in lower-case kebab, e.g. "release.requested". */
  String code();

  /**
   * What audit_event.subject_type holds, e.g. "release"; null for an action about whichever
   * object the caller names (then {@link AuditTrail#record(String, AuditAction, String, Object, Long, String)}).
   */
  String subjectType();
}
