package dev.miniflow.release;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Status changes are conditional updates: of two racing changes, only one applies. */
interface ReleaseRepository extends ListCrudRepository<Release, Long> {
  List<Release> findTop100ByWorkspaceIdOrderByIdDesc(Long workspaceId);

  List<Release> findByMiniProgramIdOrderByIdDesc(Long miniProgramId);

  /**
   * Waits for a request that changed this row and told its process (inside the same transaction)
   * to commit, so a step never acts on what was there before.
   */
  @Query("select * from release where id = :id for update")
  Optional<Release> findCommitted(long id);

  /** The release, only if the process instance runs it; locked as {@link #findCommitted}. */
  @Query("select * from release where id = :id and process_instance_key = :key for update")
  Optional<Release> findBound(long id, long key);

  @Query("""
      select * from release where mini_program_id = :miniProgramId and target_app_id = :targetAppId
        and environment = :environment and status = :status order by id desc limit 1""")
  Optional<Release> findLatest(long miniProgramId, long targetAppId, String environment, String status);

  /** The full releases before {@code beforeId} that were live and replaced since, latest first. */
  @Query("""
      select * from release where mini_program_id = :miniProgramId and target_app_id = :targetAppId
        and environment = :environment and status = 'ARCHIVED' and id < :beforeId order by id desc limit :limit""")
  List<Release> findEarlierFull(long miniProgramId, long targetAppId, String environment, long beforeId, int limit);

  @Query("""
      select count(*) > 0 from release where mini_program_id = :miniProgramId and target_app_id = :targetAppId
        and environment = :environment and status in (:statuses)""")
  boolean existsInStatus(long miniProgramId, long targetAppId, String environment, List<String> statuses);

  @Modifying
  @Query("update release set status = :to, lock_version = lock_version + 1 where id = :id and status = :from")
  int transition(long id, String from, String to);

  /** The target app's listing rules when the release was asked for (not in the entity: set once, at the request). */
  @Modifying
  @Query("update release set listing_rules_id = :rulesId where id = :id")
  int recordListingRules(long id, long rulesId);

  /** Null for releases asked for before listing rules had versions. */
  @Query("select listing_rules_id from release where id = :id")
  Long listingRulesId(long id);

  @Modifying
  @Query("update release set process_instance_key = :key where id = :id")
  int attachProcessInstance(long id, long key);

  @Modifying
  @Query("""
      update release set status = 'UNDER_REVIEW', validation_report = :report, lock_version = lock_version + 1
      where id = :id and status = 'CREATED'""")
  int markUnderReview(long id, String report);

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

  /** Records a rollout step an operator asked for; refused once the release left the given statuses. */
  @Modifying
  @Query("""
      update release set pending_stage = :stage, pending_percent = :percent,
        testers = coalesce(cast(:testers as text[]), testers), lock_version = lock_version + 1
      where id = :id and status in (:statuses)""")
  int requestRollout(long id, String stage, Integer percent, String[] testers, List<String> statuses);

  @Modifying
  @Query("""
      update release set status = :to, grayscale_percent = :percent, pending_stage = null, pending_percent = null,
        published_at = case when :to = 'RELEASED' then now() else published_at end, lock_version = lock_version + 1
      where id = :id and pending_stage is not distinct from cast(:pendingStage as varchar)
        and pending_percent is not distinct from cast(:pendingPercent as int)
        and status in (:from)""")
  int applyRollout(long id, String pendingStage, Integer pendingPercent, String to, Integer percent, List<String> from);

  /** The partner's receipt for a rollout stage, kept for the release's evidence. */
  @Modifying
  @Query("""
      insert into release_rollout_receipt(release_id, target_app_id, stage, percent, idempotency_key,
        partner_reference, published_at)
      values (:id, :targetAppId, :stage, :percent, :key, :reference, :publishedAt)""")
  void recordReceipt(long id, long targetAppId, String stage, Integer percent, String key, String reference,
      java.time.Instant publishedAt);

  /**
   * Claims the partner call of a rollout step for one job delivery, for longer than a partner call
   * may take (connect and read timeouts: 12 s; a delivery that died holding it loses it after 30 s);
   * only if the release is still as it was read.
   */
  @Modifying
  @Query("""
      update release set publishing_until = now() + interval '30 seconds'
      where id = :id and lock_version = :lockVersion and (publishing_until is null or publishing_until < now())""")
  int claimPublication(long id, int lockVersion);

  @Modifying
  @Query("update release set publishing_until = null where id = :id")
  int endPublication(long id);

  @Modifying
  @Query("""
      update release set status = :to, stopped_reason = :reason, pending_stage = null, lock_version = lock_version + 1
      where id = :id and status in (:from)""")
  int stop(long id, List<String> from, String to, String reason);

  @Modifying
  @Query("""
      update release set status = 'REJECTED', decided_by = 'partner', decision_comment = :reason, decided_at = now(),
        partner_status = 'REJECTED', partner_reason = :reason, pending_stage = null, lock_version = lock_version + 1
      where id = :id and status in (:from)""")
  int markPartnerRejected(long id, String reason, List<String> from);

  @Modifying
  @Query("update release set partner_status = :status, partner_reason = :reason where id = :id")
  int recordPartnerStatus(long id, String status, String reason);

  @Query("""
      select count(*) > 0 from listing_block
      where mini_program_id = :miniProgramId and target_app_id = :targetAppId and environment = :environment""")
  boolean blocked(long miniProgramId, long targetAppId, String environment);

  @Modifying
  @Query("""
      insert into listing_block(mini_program_id, target_app_id, environment, removal_id)
      values (:miniProgramId, :targetAppId, :environment, :removalId) on conflict do nothing""")
  int block(long miniProgramId, long targetAppId, String environment, long removalId);

  @Modifying
  @Query("""
      delete from listing_block
      where mini_program_id = :miniProgramId and target_app_id = :targetAppId and environment = :environment""")
  int liftBlock(long miniProgramId, long targetAppId, String environment);

  @Modifying
  @Query("update release set status = 'ARCHIVED', lock_version = lock_version + 1 where id = :id and status = 'RELEASED'")
  int markRemoved(long id);

  /** A newer full release archives the one that was live before it. */
  @Modifying
  @Query("""
      update release set status = 'ARCHIVED', lock_version = lock_version + 1
      where mini_program_id = :miniProgramId and target_app_id = :targetAppId and environment = :environment
        and status = 'RELEASED' and id <> :newId""")
  int archivePreviousRelease(long miniProgramId, long targetAppId, String environment, long newId);

  @Query("select distinct t from release r, unnest(r.testers) t where r.version_id = :versionId order by t")
  List<String> testersOfVersion(long versionId);

  @Query("select * from release where status in (:statuses) order by id")
  List<Release> findInStatus(List<String> statuses);

  @Query("select * from release where process_instance_key = :key order by id")
  List<Release> findByProcessInstance(long key);

  /** A requester's releases in the workspaces, newest first (My requests). */
  @Query("select * from release where requested_by = :username and workspace_id in (:workspaceIds)"
      + " order by requested_at desc, id desc limit :limit")
  List<Release> requestedBy(String username, List<Long> workspaceIds, int limit);
}
