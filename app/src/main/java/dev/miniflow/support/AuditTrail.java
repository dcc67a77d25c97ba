package dev.miniflow.support;

import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Records every decision and state change; joins the caller's transaction so both commit together. */
@Service
public class AuditTrail {
  public static final String SYSTEM = "system";

  private final AuditEvents events;

  AuditTrail(AuditEvents events) {
    this.events = events;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void record(String actor, String action, String subjectType, Object subjectId,
      Long workspaceId, String detail) {
    events.save(new AuditEvent(null, Instant.now(), actor, action, subjectType,
        String.valueOf(subjectId), workspaceId, truncate(detail)));
  }

  public List<AuditEvent> forSubject(String subjectType, Object subjectId) {
    return events.findBySubject(subjectType, String.valueOf(subjectId));
  }

  private static String truncate(String detail) {
    return detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 3997) + "...";
  }
}
