package dev.miniflow.notification;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface Notifications extends Repository<Notification, Long> {
  @Modifying
  @Query("delete from notification where workspace_id = :workspaceId and recipient = :recipient")
  int deleteOf(long workspaceId, String recipient);

  /** The latest of the recipient's notifications about these workspaces (or none in particular). */
  @Query("""
      select * from notification where recipient = :recipient
      and (workspace_id is null or workspace_id in (:workspaceIds)) order by id desc limit 200""")
  List<Notification> findLatest(String recipient, List<Long> workspaceIds);

  @Query("""
      select count(*) from notification where recipient = :recipient and read_at is null
      and (workspace_id is null or workspace_id in (:workspaceIds))""")
  long countUnread(String recipient, List<Long> workspaceIds);

  @Modifying
  @Query("""
      update notification set read_at = now() where recipient = :recipient and read_at is null
      and (workspace_id is null or workspace_id in (:workspaceIds))""")
  int markAllRead(String recipient, List<Long> workspaceIds);
}
