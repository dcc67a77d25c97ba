package dev.miniflow.evidence;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A chain's entries in order with their hashes, and the checkpoints signed over them, for an
 * auditor to keep. Offline, the export alone lets them recompute every entry hash (the SHA-256 of
 * its canonical text) and chain hash (from the previous one), and check each checkpoint's
 * signature with the public key; a later export must show the same chain hash at every position an
 * earlier one had, or history was rewritten in between.
 */
@Service
class ChainExport {
  static final int MAX_ENTRIES = 10_000;

  private final JdbcClient jdbc;
  private final ChainReaders readers;
  private final Clock clock;
  private final AuditTrail audit;

  ChainExport(JdbcClient jdbc, ChainReaders readers, Clock clock, AuditTrail audit) {
    this.audit = audit;
    this.jdbc = jdbc;
    this.readers = readers;
    this.clock = clock;
  }

  record ChainEntry(long seq, long auditId, Instant occurredAt, String actor, String action, String subjectType,
      String subjectId, String detail, String via, String canonical, String entryHash, String chainHash) {}

  /**
   * @param previousChainHash the chain hash before {@code fromSeq} (64 zeros before the first entry), where an
   *     auditor starts recomputing
   * @param nextFromSeq where the next part starts, or null if this part reaches the chain's end
   */
  record Export(String format, long workspaceId, Instant exportedAt, long fromSeq, String previousChainHash,
      List<ChainEntry> entries, List<ChainVerification.Checkpoint> checkpoints, Long nextFromSeq) {}

  /** Reads the part on one snapshot and records, in the same transaction, who took it: no copy leaves unrecorded. */
  @Transactional(isolation = Isolation.REPEATABLE_READ)
  Export export(long workspaceId, long fromSeq, int limit) {
    String caller = readers.requireExporter(workspaceId);
    if (fromSeq < 1) {
      throw Problems.invalid("fromSeq is a chain position: 1 or more.");
    }
    if (limit < 1 || limit > MAX_ENTRIES) {
      throw Problems.invalid("limit is between 1 and " + MAX_ENTRIES + " entries; ask for the rest with fromSeq.");
    }
    String previous = fromSeq == 1 ? EntryHash.GENESIS : jdbc.sql(
        "select chain_hash from audit_chain where workspace_id = :ws and seq = :seq")
        .param("ws", workspaceId).param("seq", fromSeq - 1).query(String.class).optional().orElse(null);
    List<ChainEntry> entries = new ArrayList<>();
    jdbc.sql("""
            select c.seq, c.entry_hash, c.chain_hash, e.* from audit_chain c join audit_event e on e.id = c.audit_id
            where c.workspace_id = :ws and c.seq >= :from order by c.seq limit :limit""")
        .param("ws", workspaceId).param("from", fromSeq).param("limit", limit + 1)
        .query(rs -> {
          entries.add(new ChainEntry(rs.getLong("seq"), rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
              rs.getString("actor"), rs.getString("action"), rs.getString("subject_type"), rs.getString("subject_id"),
              rs.getString("detail"), rs.getString("via"), EntryHash.canonical(rs), rs.getString("entry_hash"),
              rs.getString("chain_hash")));
        });
    Long next = null;
    if (entries.size() > limit) {
      next = entries.remove(limit).seq();
    }
    long toSeq = entries.isEmpty() ? fromSeq - 1 : entries.get(entries.size() - 1).seq();
    List<ChainVerification.Checkpoint> checkpoints = jdbc.sql("""
            select seq, chain_hash, signed_at, key_id, signature from audit_checkpoint
            where workspace_id = :ws and seq between :from and :to order by seq, id""")
        .param("ws", workspaceId).param("from", fromSeq).param("to", toSeq)
        .query((rs, row) -> new ChainVerification.Checkpoint(rs.getLong("seq"), rs.getString("chain_hash"),
            rs.getTimestamp("signed_at").toInstant(), rs.getString("key_id"), rs.getString("signature")))
        .list();
    audit.record(caller, EvidenceAudit.CHAIN_EXPORTED, workspaceId,
        workspaceId == ChainReaders.PLATFORM_CHAIN ? null : workspaceId,
        entries.isEmpty() ? "Audit chain exported from position " + fromSeq + ": no entries"
            : "Audit chain exported, positions " + fromSeq + " to " + toSeq + ", chain hash "
                + entries.getLast().chainHash());
    return new Export("miniflow-audit-chain/1", workspaceId, clock.instant(), fromSeq, previous, entries, checkpoints,
        next);
  }
}
