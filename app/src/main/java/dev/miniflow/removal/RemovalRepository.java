package dev.miniflow.removal;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Status changes are conditional updates: of two racing changes only one applies. */
interface RemovalRepository extends ListCrudRepository<Removal, Long> {
  List<Removal> findByMiniProgramIdOrderByIdDesc(Long miniProgramId);

  /**
   * Waits for a request that changed this row and told its process (inside the same transaction)
   * to commit, so a step never acts on what was there before.
   */
  @Query("select * from removal where id = :id for update")
  java.util.Optional<Removal> findCommitted(long id);

  /** The removal, only if the process instance runs it; locked as {@link #findCommitted}. */
  @Query("select * from removal where id = :id and process_instance_key = :key for update")
  java.util.Optional<Removal> findBound(long id, long key);

  @Query("""
      select count(*) > 0 from removal
      where mini_program_id = :miniProgramId and status in (:open) and :releaseId = any(release_ids)""")
  boolean openFor(long miniProgramId, long releaseId, List<String> open);

  @Modifying
  @Query("update removal set process_instance_key = :key where id = :id")
  int attachProcessInstance(long id, long key);

  @Modifying
  @Query("""
      update removal set status = :to, decided_by = coalesce(:by, decided_by),
        decision_comment = coalesce(:comment, decision_comment)
      where id = :id and status in (:from)""")
  int transition(long id, List<String> from, String to, String by, String comment);

  @Modifying
  @Query("""
      update removal set status = 'RECTIFICATION_SUBMITTED', rectification = :note, rectified_by = :by
      where id = :id and status = 'WARNED'""")
  int submitRectification(long id, String note, String by);

  @Query("select * from removal where status in (:statuses) order by id")
  List<Removal> findInStatus(List<String> statuses);

  /** The rows the process instance runs, waiting (row locks) for a request that changed one and told the process to commit. */
  @Query("select * from removal where process_instance_key = :key order by id for update")
  List<Removal> findBoundTo(long key);

  @Query("select * from removal where process_instance_key = :key order by id")
  List<Removal> findByProcessInstance(long key);

  /** A requester's removals and findings in the workspaces, newest first (My requests). */
  @Query("select * from removal where requested_by = :username and workspace_id in (:workspaceIds)"
      + " order by requested_at desc, id desc limit :limit")
  List<Removal> requestedBy(String username, List<Long> workspaceIds, int limit);
}
