package dev.miniflow.release;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface ReleaseRepository extends ListCrudRepository<Release, Long> {
  List<Release> findTop100ByWorkspaceIdOrderByIdDesc(Long workspaceId);

  List<Release> findByMiniProgramIdOrderByIdDesc(Long miniProgramId);

  /** Moves a release from one status to the next; 0 when it is no longer in {@code from}. */
  @Modifying
  @Query("update release set status = :to, lock_version = lock_version + 1 where id = :id and status = :from")
  int transition(long id, String from, String to);

  @Modifying
  @Query("update release set process_instance_key = :key where id = :id")
  int attachProcessInstance(long id, long key);

  @Modifying
  @Query("""
      update release set status = 'UNDER_REVIEW', validation_report = :report, lock_version = lock_version + 1
      where id = :id and status = 'CREATED'""")
  int markValidated(long id, String report);

  @Modifying
  @Query("""
      update release set status = :to, decided_by = :by, decision_comment = :comment, decided_at = now(),
        validation_report = coalesce(:report, validation_report), lock_version = lock_version + 1
      where id = :id and status = :from""")
  int decide(long id, String from, String to, String by, String comment, String report);

  @Modifying
  @Query("""
      update release set bundle = :bundle, bundle_sha256 = :sha, bundle_signature = :signature
      where id = :id and bundle is null""")
  int attachBundle(long id, String bundle, String sha, String signature);

  @Modifying
  @Query("""
      update release set status = 'RELEASED', published_at = now(), lock_version = lock_version + 1
      where id = :id and status = 'APPROVED'""")
  int markReleased(long id);

  /** A newer full release archives the one that was live before it. */
  @Modifying
  @Query("""
      update release set status = 'ARCHIVED', lock_version = lock_version + 1
      where mini_program_id = :miniProgramId and target_app_id = :targetAppId and environment = :environment
        and status = 'RELEASED' and id <> :newId""")
  int archivePreviousRelease(long miniProgramId, long targetAppId, String environment, long newId);
}
