package dev.miniflow.notification;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface Notifications extends Repository<Notification, Long> {
  @Modifying
  @Query("""
      insert into notification(workspace_id, recipient, dedup_key, subject, body, link)
      values (:workspaceId, :recipient, :dedupKey, :subject, :body, :link) on conflict (dedup_key) do nothing""")
  int insertOnce(long workspaceId, String recipient, String dedupKey, String subject, String body, String link);

  @Modifying
  @Query("delete from notification where workspace_id = :workspaceId and recipient = :recipient")
  int deleteOf(long workspaceId, String recipient);

  @Query("select * from notification where recipient = :recipient order by id desc limit 200")
  List<Notification> findLatest(String recipient);

  @Query("select count(*) from notification where recipient = :recipient and read_at is null")
  long countUnread(String recipient);

  @Modifying
  @Query("update notification set read_at = now() where recipient = :recipient and read_at is null")
  int markAllRead(String recipient);
}
