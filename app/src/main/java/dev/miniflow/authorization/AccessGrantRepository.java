package dev.miniflow.authorization;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface AccessGrantRepository extends ListCrudRepository<AccessGrant, Long> {
  List<AccessGrant> findByMiniProgramIdOrderByIdDesc(Long miniProgramId);

  /**
   * Waits for a request that changed this row and told its process (inside the same transaction)
   * to commit, so a step never acts on what was there before.
   */
  @Query("select * from access_grant where id = :id for update")
  java.util.Optional<AccessGrant> findCommitted(long id);

  /** The grant, only if the process instance runs it; locked as {@link #findCommitted}. */
  @Query("select * from access_grant where id = :id and process_instance_key = :key for update")
  java.util.Optional<AccessGrant> findBound(long id, long key);

  @Modifying
  @Query("update access_grant set process_instance_key = :key where id = :id")
  int attachProcessInstance(long id, long key);

  @Modifying
  @Query("""
      update access_grant set status = :to, decided_by = :by, decision_comment = :comment, decided_at = now()
      where id = :id and status = 'REQUESTED'""")
  int decide(long id, String to, String by, String comment);

  @Modifying
  @Query("""
      update access_grant set starts_at = :starts, expires_at = :expires
      where id = :id and status = 'ACTIVE' and starts_at is null""")
  int activate(long id, java.sql.Timestamp starts, java.sql.Timestamp expires);

  @Modifying
  @Query("""
      update access_grant set status = :to, ended_by = :by, ended_at = now()
      where id = :id and status in\s""" + GrantStatus.IN_FLIGHT_SQL)
  int end(long id, String to, String by);

  @Query("select * from access_grant where workspace_id = :workspaceId and grantee = :grantee and status = 'ACTIVE' order by id")
  List<AccessGrant> findActiveOf(long workspaceId, String grantee);

  @Query("select * from access_grant where status in " + GrantStatus.IN_FLIGHT_SQL + " order by id")
  List<AccessGrant> findInFlight();

  /** The rows the process instance runs, waiting (row locks) for a request that changed one and told the process to commit. */
  @Query("select * from access_grant where process_instance_key = :key order by id for update")
  List<AccessGrant> findBoundTo(long key);

  @Query("select * from access_grant where process_instance_key = :key order by id")
  List<AccessGrant> findByProcessInstance(long key);

  /** The access a person asked for in the workspaces, newest first (My requests). */
  @Query("select * from access_grant where grantee = :username and workspace_id in (:workspaceIds)"
      + " order by requested_at desc, id desc limit :limit")
  List<AccessGrant> requestedBy(String username, List<Long> workspaceIds, int limit);
}
