package dev.miniflow.listing;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface ListingChangeRepository extends ListCrudRepository<ListingChange, Long> {
  List<ListingChange> findByMiniProgramIdOrderByIdDesc(Long miniProgramId);

  @Query("select * from listing_change where id = :id and process_instance_key = :key for update")
  Optional<ListingChange> findBound(long id, long key);

  @Query("select * from listing_change where process_instance_key = :key order by id")
  List<ListingChange> findBoundTo(long key);

  @Modifying
  @Query("update listing_change set process_instance_key = :key where id = :id")
  int attachProcessInstance(long id, long key);

  @Query("select * from listing_change where status in ('UNDER_REVIEW', 'APPROVED') order by id")
  List<ListingChange> findOpen();

  /** What the target app shows now: the listing last published there, if any. */
  @Query("""
      select listing from listing_change where mini_program_id = :miniProgramId and target_app_id = :targetAppId
      and status = 'PUBLISHED' order by published_at desc, id desc limit 1""")
  Optional<String> lastPublished(long miniProgramId, long targetAppId);

  @Modifying
  @Query("""
      update listing_change set status = :to, decided_by = :by, decision_comment = :comment, decided_at = now()
      where id = :id and status = :from""")
  int decide(long id, String from, String to, String by, String comment);

  @Modifying
  @Query("""
      update listing_change set status = 'PUBLISHED', published_at = now(), partner_reference = :reference
      where id = :id and status = 'APPROVED'""")
  int published(long id, String reference);

  /** The partner refused an approved change: the approver's decision stays, the partner's reason is kept beside it. */
  @Modifying
  @Query("""
      update listing_change set status = 'PARTNER_REFUSED', partner_reference = left(:reason, 128)
      where id = :id and status = 'APPROVED'""")
  int partnerRefused(long id, String reason);

  @Query("select * from listing_change where requested_by = :username and workspace_id in (:workspaceIds)"
      + " order by requested_at desc, id desc limit :limit")
  List<ListingChange> requestedBy(String username, List<Long> workspaceIds, int limit);
}
