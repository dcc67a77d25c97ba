package dev.miniflow.evidence;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals committed audit entries into their workspace's chain, in batches, one node at a time (an
 * advisory lock), after the fact: the process steps that write the entries never wait for it.
 * A chain that grew gets a signed checkpoint once {@code checkpoint-every} has passed since its last.
 */
@Component
class AuditSealer implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);
  private static final int BATCH = 1000;
  /** The advisory lock that makes one sealer at a time (any number); "audit" in ASCII. */
  private static final long LOCK = 0x6175646974L;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final TransactionTemplate tx;
  private final EvidenceKeys keys;
  private final CheckpointLog checkpoints;
  private final ChainWalk chain;
  private final EvidenceSettings settings;
  private final Clock clock;
  private ScheduledExecutorService timer;

  AuditSealer(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate tx, EvidenceKeys keys,
      CheckpointLog checkpoints, ChainWalk chain, EvidenceSettings settings, Clock clock) {
    this.checkpoints = checkpoints;
    this.chain = chain;
    this.jdbc = jdbc;
    this.template = template;
    this.tx = tx;
    this.keys = keys;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void start() {
    timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("audit-sealer").daemon().factory());
    timer.scheduleWithFixedDelay(this::sealAll, settings.sealInterval().toMillis(), settings.sealInterval().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    timer.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return timer != null && !timer.isShutdown();
  }

  /** Every batch there is, then the checkpoints due; never throws (a throw would end the schedule for good). */
  void sealAll() {
    try {
      while (Boolean.TRUE.equals(tx.execute(status -> sealBatch()))) {
        // another full batch waits
      }
      checkpointDue();
    } catch (Throwable e) {
      log.warn("Sealing the audit trail paused: {}", e.toString());
    }
  }

  private record Sealed(long auditId, long workspaceId, long seq, String entryHash, String chainHash) {}

  private record Head(long seq, String chainHash) {}

  /** One batch in one transaction; true when the batch was full. */
  private boolean sealBatch() {
    if (!jdbc.sql("select pg_try_advisory_xact_lock(:lock)").param("lock", LOCK).query(Boolean.class).single()) {
      return false;
    }
    List<Sealed> sealed = new ArrayList<>();
    Map<Long, Head> heads = new HashMap<>();
    template.query("""
        select e.* from audit_unsealed u join audit_event e on e.id = u.audit_id order by u.audit_id limit ?""", rs -> {
      long workspace = EntryHash.chainOf(rs);
      Head head = heads.computeIfAbsent(workspace, this::head);
      String entryHash = EntryHash.entry(EntryHash.canonical(rs));
      Head next = new Head(head.seq() + 1, EntryHash.chain(head.chainHash(), entryHash));
      heads.put(workspace, next);
      sealed.add(new Sealed(rs.getLong("id"), workspace, next.seq(), entryHash, next.chainHash()));
    }, BATCH);
    if (sealed.isEmpty()) {
      return false;
    }
    template.batchUpdate("insert into audit_chain(audit_id, workspace_id, seq, entry_hash, chain_hash)"
        + " values (?, ?, ?, ?, ?)", sealed, sealed.size(), (ps, s) -> {
          ps.setLong(1, s.auditId());
          ps.setLong(2, s.workspaceId());
          ps.setLong(3, s.seq());
          ps.setString(4, s.entryHash());
          ps.setString(5, s.chainHash());
        });
    template.batchUpdate("delete from audit_unsealed where audit_id = ?", sealed, sealed.size(),
        (ps, s) -> ps.setLong(1, s.auditId()));
    heads.forEach((workspace, head) -> jdbc.sql("""
            insert into audit_chain_head(workspace_id, seq) values (:ws, :seq)
            on conflict (workspace_id) do update set seq = excluded.seq""")
        .param("ws", workspace).param("seq", head.seq()).update());
    return sealed.size() == BATCH;
  }

  /** Where the chain ends, from the chain itself. */
  private Head head(long workspace) {
    return jdbc.sql("select seq, chain_hash from audit_chain where workspace_id = :ws order by seq desc limit 1")
        .param("ws", workspace).query((rs, row) -> new Head(rs.getLong("seq"), rs.getString("chain_hash")))
        .optional().orElse(new Head(0, EntryHash.GENESIS));
  }

  /**
   * Signs the head of each chain that grew since its last checkpoint, once {@code checkpoint-every}
   * passed: each in a transaction of its own, and only after recomputing the chain from this
   * installation's own last checkpoint of it (its log, outside the database). A chain that no
   * longer leads from there was rewritten: it is not signed, and verification names where.
   */
  private void checkpointDue() {
    // what PostgreSQL keeps of a time: the signed text and the stored one must be the same
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    List<Long> due = jdbc.sql("""
            select workspace_id from audit_chain_head
            where seq > checkpoint_seq and (checkpoint_at is null or checkpoint_at <= :before)""")
        .param("before", Timestamp.from(now.minus(settings.checkpointEvery()))).query(Long.class).list();
    if (due.isEmpty()) {
      return;
    }
    EvidenceKeys.Current key = keys.current();
    for (long workspace : due) {
      CheckpointLog.Signed signed = tx.execute(status -> checkpoint(workspace, key, now));
      if (signed != null) {
        checkpoints.append(signed); // after the commit: the log never names a checkpoint the database lost
      }
    }
  }

  private CheckpointLog.Signed checkpoint(long workspace, EvidenceKeys.Current key, Instant now) {
    CheckpointLog.Signed anchor = checkpoints.last(workspace)
        .orElse(new CheckpointLog.Signed(workspace, 0, EntryHash.GENESIS));
    boolean broken = false;
    if (anchor.seq() > 0) {
      String stored = jdbc.sql("select chain_hash from audit_chain where workspace_id = :ws and seq = :seq")
          .param("ws", workspace).param("seq", anchor.seq()).query(String.class).optional().orElse(null);
      broken = !anchor.chainHash().equals(stored);
    }
    ChainWalk.Walked walk =
        broken ? null : chain.from(workspace, anchor.seq(), anchor.chainHash(), (id, seq, h) -> null);
    if (walk == null || walk.problem() != null) {
      log.error("The audit chain of workspace {} no longer leads from the checkpoint at position {} this"
          + " installation signed: it was changed in the database. Not signing it; verify it to see where.",
          workspace, anchor.seq());
      return null;
    }
    if (walk.lastSeq() == anchor.seq()) {
      return null;
    }
    String signature = keys.sign(key, EntryHash.checkpoint(workspace, walk.lastSeq(), walk.lastHash(), now));
    jdbc.sql("""
            insert into audit_checkpoint(workspace_id, seq, chain_hash, signed_at, key_id, signature)
            values (:ws, :seq, :hash, :at, :key, :sig)""")
        .param("ws", workspace).param("seq", walk.lastSeq()).param("hash", walk.lastHash())
        .param("at", Timestamp.from(now))
        .param("key", key.id()).param("sig", signature).update();
    jdbc.sql("update audit_chain_head set checkpoint_seq = :seq, checkpoint_at = :at where workspace_id = :ws")
        .param("seq", walk.lastSeq()).param("at", Timestamp.from(now)).param("ws", workspace).update();
    return new CheckpointLog.Signed(workspace, walk.lastSeq(), walk.lastHash());
  }
}
