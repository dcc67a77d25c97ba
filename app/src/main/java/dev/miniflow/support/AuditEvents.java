package dev.miniflow.support;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface AuditEvents extends Repository<AuditEvent, Long> {
  @Query("select * from audit_event where subject_type = :type and subject_id = :id order by id")
  List<AuditEvent> findBySubject(String type, String id);
}
