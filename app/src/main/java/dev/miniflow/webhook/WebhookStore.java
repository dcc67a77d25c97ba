package dev.miniflow.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.support.SqlArrayValue;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import dev.miniflow.support.EnumCodes;
import dev.miniflow.support.SealedSecrets;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The webhook and webhook_delivery tables (the outbox is filled by the database's triggers,
 * migration 021). Secrets are kept sealed ({@link SealedSecrets}): a claim carries the sealed
 * form, which only the sender opens.
 */
@Repository
class WebhookStore {
  /** What secrets were sealed for before they were bound to their webhook: opened once, to bind them. */
  private static final String UNBOUND_PURPOSE = "webhook";
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WebhookStore.class);

  private final JdbcClient jdbc;
  private final SealedSecrets secrets;

  WebhookStore(JdbcClient jdbc, SealedSecrets secrets) {
    this.jdbc = jdbc;
    this.secrets = secrets;
  }

  /**
   * A webhook's secret is sealed for that webhook alone: copied into another webhook's row, it does
   * not open, so nobody with database access makes Miniflow sign one hook's events with another's.
   */
  static String secretPurpose(long webhookId) {
    return "webhook:" + webhookId;
  }

  /**
   * Seals the secrets kept in plain text before they were sealed, and binds to their webhook those
   * sealed before that (at start; on every node a no-op after).
   */
  @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
  void sealPlainSecrets() {
    var stored = jdbc.sql("select id, secret from webhook")
        .query((rs, row) -> java.util.Map.entry(rs.getLong("id"), rs.getString("secret"))).list();
    int sealed = 0;
    for (var hook : stored) {
      String plain = unboundSecret(hook.getKey(), hook.getValue());
      if (plain != null) {
        sealed += jdbc.sql("update webhook set secret = :sealed where id = :id and secret = :stored")
            .param("sealed", secrets.seal(plain, secretPurpose(hook.getKey()))).param("id", hook.getKey())
            .param("stored", hook.getValue()).update();
      }
    }
    if (sealed > 0) {
      log.info("Sealed the signing secrets of {} webhooks for their webhook alone", sealed);
    }
  }

  /** The secret, if it is kept in plain text or sealed for no webhook in particular; null if it is bound. */
  private String unboundSecret(long id, String stored) {
    if (!SealedSecrets.isSealed(stored)) {
      return stored;
    }
    try {
      secrets.open(stored, secretPurpose(id));
      return null;
    } catch (IllegalStateException notBound) {
      try {
        return secrets.open(stored, UNBOUND_PURPOSE);
      } catch (IllegalStateException unreadable) {
        return null; // under another signing key, or changed: its deliveries say so
      }
    }
  }

  long insert(long workspaceId, String url, String secret, Set<WebhookCategory> events, String by) {
    // the id first: the secret is sealed for it
    long id = jdbc.sql("select nextval(pg_get_serial_sequence('webhook', 'id'))").query(Long.class).single();
    jdbc.sql("""
            insert into webhook(id, workspace_id, url, secret, events, created_by)
            values (:id, :ws, :url, :secret, cast(:events as varchar(32)[]), :by)""")
        .param("id", id).param("ws", workspaceId).param("url", url)
        .param("secret", secrets.seal(secret, secretPurpose(id)))
        .param("events", "{" + String.join(",", events.stream().map(WebhookCategory::code).toList()) + "}")
        .param("by", by).update();
    return id;
  }

  List<Webhook> ofWorkspace(long workspaceId) {
    return jdbc.sql("select * from webhook where workspace_id = :ws and deleted_at is null order by id")
        .param("ws", workspaceId)
        .query(WebhookStore::webhook).list();
  }

  long count(long workspaceId) {
    return jdbc.sql("select count(*) from webhook where workspace_id = :ws and deleted_at is null")
        .param("ws", workspaceId)
        .query(Long.class).single();
  }

  Optional<Webhook> find(long workspaceId, long id) {
    return jdbc.sql("select * from webhook where id = :id and workspace_id = :ws and deleted_at is null")
        .param("id", id)
        .param("ws", workspaceId).query(WebhookStore::webhook).optional();
  }

  /**
   * Enabled again: what waited goes out now, and so do the deliveries given up on during the
   * failures that disabled it (those since its last successful delivery).
   */
  void enable(long id, Instant now) {
    jdbc.sql("""
            update webhook_delivery d set state = 'PENDING', attempts = 0, next_attempt_at = '-infinity'
            where d.webhook_id = :id and (d.state = 'PENDING' or d.state = 'FAILED' and d.last_attempt_at >
              coalesce((select max(delivered_at) from webhook_delivery x where x.webhook_id = :id), '-infinity'))""")
        .param("id", id).update();
    jdbc.sql("""
            update webhook set enabled = true, disabled_at = null, disabled_reason = null, consecutive_failures = 0
            where id = :id""").param("id", id).update();
  }

  /** Kept (its deliveries point at it), but it gets no events and sends nothing any more. */
  void delete(long id, Instant at) {
    jdbc.sql("update webhook set deleted_at = :at, enabled = false where id = :id").param("at", Timestamp.from(at))
        .param("id", id).update();
    jdbc.sql("update webhook_delivery set next_attempt_at = 'infinity' where webhook_id = :id and state = 'PENDING'")
        .param("id", id).update();
  }

  List<WebhookDelivery> deliveries(long webhookId, int limit) {
    return jdbc.sql("select * from webhook_delivery where webhook_id = :id order by created_at desc, id limit :limit")
        .param("id", webhookId).param("limit", limit).query(WebhookStore::delivery).list();
  }

  Optional<WebhookDelivery> delivery(long webhookId, UUID id) {
    return jdbc.sql("select * from webhook_delivery where id = :id and webhook_id = :hook").param("id", id)
        .param("hook", webhookId).query(WebhookStore::delivery).optional();
  }

  /** A new delivery of the same event, sent at once. */
  UUID redeliver(WebhookDelivery original) {
    return jdbc.sql("""
            insert into webhook_delivery(webhook_id, event_type, payload, redelivery_of)
            select webhook_id, event_type, payload, id from webhook_delivery where id = :id returning id""")
        .param("id", original.id()).query(UUID.class).single();
  }

  /** A delivery claimed for sending, with what sending needs (the webhook's secret still sealed). */
  record Due(UUID id, long webhookId, long workspaceId, String url, String sealedSecret, String eventType,
      String payload,
      int attempts) {}

  /**
   * Claims up to {@code limit} due deliveries of enabled webhooks, oldest first, at most
   * {@code perWebhook} for a webhook less the calls it has under way ({@code sending}); each is
   * leased for {@code lease} (another node, or this one after a crash, takes it up after that) and
   * counts the attempt.
   */
  List<Due> claim(Instant now, Duration lease, int limit, int perWebhook, Map<Long, Integer> sending) {
    Long[] hooks = sending.keySet().toArray(Long[]::new);
    Integer[] calls = java.util.Arrays.stream(hooks).map(sending::get).toArray(Integer[]::new);
    Long[] full = sending.entrySet().stream().filter(e -> e.getValue() >= perWebhook).map(Map.Entry::getKey)
        .toArray(Long[]::new);
    return jdbc.sql("""
            with candidates as (
              select d.id, d.webhook_id, d.next_attempt_at from webhook_delivery d join webhook w on w.id = d.webhook_id
              where d.state = 'PENDING' and d.next_attempt_at <= :now and w.enabled and d.webhook_id <> all(:full)
              order by d.next_attempt_at limit :scan for update of d skip locked),
            ranked as (
              select c.id, c.next_attempt_at, :perWebhook - coalesce(f.calls, 0) as room,
                row_number() over (partition by c.webhook_id order by c.next_attempt_at) as n
              from candidates c left join unnest(:hooks, :calls) as f(webhook_id, calls) on f.webhook_id = c.webhook_id),
            due as (select id from ranked where n <= room order by next_attempt_at limit :limit)
            update webhook_delivery d set attempts = d.attempts + 1, next_attempt_at = :leased, last_attempt_at = :now
            from due, webhook w where d.id = due.id and w.id = d.webhook_id
            returning d.id, d.webhook_id, w.workspace_id, w.url, w.secret, d.event_type, d.payload::text, d.attempts""")
        .param("now", Timestamp.from(now)).param("leased", Timestamp.from(now.plus(lease))).param("limit", limit)
        .param("scan", limit * perWebhook).param("perWebhook", perWebhook)
        .param("full", new SqlArrayValue("bigint", (Object[]) full))
        .param("hooks", new SqlArrayValue("bigint", (Object[]) hooks))
        .param("calls", new SqlArrayValue("integer", (Object[]) calls))
        .query((rs, row) -> new Due(rs.getObject("id", UUID.class), rs.getLong("webhook_id"),
            rs.getLong("workspace_id"), rs.getString("url"), rs.getString("secret"), rs.getString("event_type"),
            rs.getString("payload"), rs.getInt("attempts")))
        .list();
  }

  /**
   * Records a successful attempt, if the claim is still this one's (same attempt, still pending):
   * a call that outlived its lease changes nothing another node's claim recorded.
   */
  void delivered(Due claim, int status, Instant at) {
    int updated = jdbc.sql("""
            update webhook_delivery set state = 'DELIVERED', delivered_at = :at, last_status = :status, last_error = null
            where id = :id and attempts = :attempt and state = 'PENDING'""").param("at", Timestamp.from(at))
        .param("status", status).param("id", claim.id()).param("attempt", claim.attempts()).update();
    if (updated == 1) {
      jdbc.sql("update webhook set consecutive_failures = 0 where id = :hook").param("hook", claim.webhookId())
          .update();
    }
  }

  /** Records a failed attempt (if the claim is still this one's); the webhook's failures in a row after it. */
  int failed(Due claim, Integer status, String error, Instant retryAt) {
    int updated = jdbc.sql("""
            update webhook_delivery set last_status = :status, last_error = :error,
              state = case when cast(:retryAt as timestamptz) is null then 'FAILED' else 'PENDING' end,
              next_attempt_at = coalesce(cast(:retryAt as timestamptz), next_attempt_at)
            where id = :id and attempts = :attempt and state = 'PENDING'""")
        .param("status", status)
        .param("error", error == null ? null : error.substring(0, Math.min(500, error.length())))
        .param("retryAt", retryAt == null ? null : Timestamp.from(retryAt)).param("id", claim.id())
        .param("attempt", claim.attempts()).update();
    if (updated == 0) {
      return 0;
    }
    return jdbc.sql("""
            update webhook set consecutive_failures = consecutive_failures + 1 where id = :hook
            returning consecutive_failures""")
        .param("hook", claim.webhookId()).query(Integer.class).optional().orElse(0);
  }

  /** Disables the webhook once (true only for the call that did); its waiting deliveries leave the due index. */
  boolean disable(long id, String reason, Instant at) {
    boolean disabled = jdbc.sql("""
            update webhook set enabled = false, disabled_at = :at, disabled_reason = :reason
            where id = :id and enabled""").param("at", Timestamp.from(at)).param("reason", reason).param("id", id)
        .update() == 1;
    if (disabled) {
      jdbc.sql("update webhook_delivery set next_attempt_at = 'infinity' where webhook_id = :id and state = 'PENDING'")
          .param("id", id).update();
    }
    return disabled;
  }

  private static Webhook webhook(ResultSet rs, int row) throws SQLException {
    Set<WebhookCategory> events = EnumSet.noneOf(WebhookCategory.class);
    Arrays.stream((String[]) rs.getArray("events").getArray())
        .map(code -> EnumCodes.of(WebhookCategory.class, code, "event")).forEach(events::add);
    return new Webhook(rs.getLong("id"), rs.getLong("workspace_id"), rs.getString("url"), events,
        rs.getBoolean("enabled"), instant(rs, "disabled_at"), rs.getString("disabled_reason"),
        rs.getInt("consecutive_failures"), rs.getString("created_by"), instant(rs, "created_at"));
  }

  private static WebhookDelivery delivery(ResultSet rs, int row) throws SQLException {
    return new WebhookDelivery(rs.getObject("id", UUID.class), rs.getLong("webhook_id"), rs.getString("event_type"),
        rs.getString("payload"), instant(rs, "created_at"), rs.getString("state"), rs.getInt("attempts"),
        instant(rs, "next_attempt_at"), instant(rs, "last_attempt_at"), rs.getObject("last_status", Integer.class),
        rs.getString("last_error"), instant(rs, "delivered_at"), rs.getObject("redelivery_of", UUID.class));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp at = rs.getTimestamp(column);
    return at == null ? null : at.toInstant();
  }
}
