package dev.miniflow.capability;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface CapabilityGrantRepository extends ListCrudRepository<CapabilityGrant, Long> {
  List<CapabilityGrant> findByMiniProgramIdOrderByIdDesc(Long miniProgramId);

  @Query("select * from capability_grant where id = :id and process_instance_key = :key for update")
  Optional<CapabilityGrant> findBound(long id, long key);

  @Query("select * from capability_grant where process_instance_key = :key order by id")
  List<CapabilityGrant> findBoundTo(long key);

  @Modifying
  @Query("update capability_grant set process_instance_key = :key where id = :id")
  int attachProcessInstance(long id, long key);

  /** The codes granted to the mini program in the target app. */
  @Query("""
      select capability_code from capability_grant
      where mini_program_id = :miniProgramId and target_app_id = :targetAppId and status = 'GRANTED'""")
  List<String> grantedCodes(long miniProgramId, long targetAppId);

  @Modifying
  @Query("""
      update capability_grant set status = :to, decided_by = :by, decision_comment = :comment, decided_at = now()
      where id = :id and status = 'REQUESTED'""")
  int decide(long id, String to, String by, String comment);

  @Modifying
  @Query("""
      update capability_grant set status = 'REVOKED', ended_by = :by, decision_comment = coalesce(:reason,
        decision_comment), ended_at = now() where id = :id and status = 'GRANTED'""")
  int revoke(long id, String by, String reason);

  @Query("select * from capability_grant where status = 'REQUESTED' order by id")
  List<CapabilityGrant> findRequested();

  /** What a person asked for in the workspaces, newest first (My requests). */
  @Query("select * from capability_grant where requested_by = :username and workspace_id in (:workspaceIds)"
      + " order by requested_at desc, id desc limit :limit")
  List<CapabilityGrant> requestedBy(String username, List<Long> workspaceIds, int limit);
}
