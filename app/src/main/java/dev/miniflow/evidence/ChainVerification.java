package dev.miniflow.evidence;

import dev.miniflow.support.Problems;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks a workspace's chain from its first entry: each entry's content against its sealed hash,
 * each chain hash against the one before, each checkpoint's signature against its key and its
 * hash against the chain at its position. Reports the first thing that does not match.
 */
@Service
class ChainVerification {
  private final JdbcClient jdbc;
  private final ChainWalk chain;
  private final EvidenceKeys keys;
  private final CheckpointLog log;
  private final ChainReaders readers;
  static final int AT_ONCE = 2;
  private final Semaphore running = new Semaphore(AT_ONCE);
  /** Chains being walked: one walk per chain, so one workspace cannot hold every slot. */
  private final java.util.Set<Long> walking = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final TransactionTemplate snapshot;

  ChainVerification(JdbcClient jdbc, ChainWalk chain, EvidenceKeys keys, CheckpointLog log,
      ChainReaders readers, PlatformTransactionManager transactions) {
    this.snapshot = new TransactionTemplate(transactions);
    snapshot.setReadOnly(true);
    snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    this.jdbc = jdbc;
    this.chain = chain;
    this.keys = keys;
    this.log = log;
    this.readers = readers;
  }

  /** Where the chain first fails: the entry (audit id) and chain position, and why. */
  record ChainProblem(Long auditId, long seq, String reason) {}

  record Checkpoint(long seq, String chainHash, Instant signedAt, String keyId, String signature) {}

  /**
   * @param entries sealed entries walked; {@code unsealed} entries waiting to be sealed (they are not covered yet)
   * @param lastCheckpoint the newest signed checkpoint: everything up to its position is covered by a signature
   */
  record Result(long workspaceId, boolean intact, long entries, long unsealed, int checkpoints,
      Checkpoint lastCheckpoint, ChainProblem problem) {}

  /**
   * For the workspace's admins and inspectors (chain 0: platform admins); on one snapshot, so entries sealed
   * meanwhile change nothing.
   */
  Result verify(long workspaceId) {
    readers.requireVerifier(workspaceId);
    // a walk reads the whole chain: a few at a time, so that asking again and again cannot take the database
    if (!walking.add(workspaceId)) {
      throw Problems.unavailable("This chain is being verified already; try again when that verification is done.");
    }
    if (!running.tryAcquire()) {
      walking.remove(workspaceId);
      throw Problems.unavailable("Other verifications are running (at most " + AT_ONCE + " at once); try again in"
          + " a minute.");
    }
    try {
      // the log before the snapshot: the sealer logs a checkpoint after its commit, so the snapshot holds every
      // entry the log names, and one signed meanwhile is not taken for an entry taken out
      Map<Long, String> signedHere = new HashMap<>();
      log.of(workspaceId).forEach(signed -> signedHere.put(signed.seq(), signed.chainHash()));
      return snapshot.execute(status -> walk(workspaceId, signedHere));
    } finally {
      running.release();
      walking.remove(workspaceId);
    }
  }

  private Result walk(long workspaceId, Map<Long, String> signedHere) {
    List<Checkpoint> checkpoints = jdbc.sql("""
            select seq, chain_hash, signed_at, key_id, signature from audit_checkpoint
            where workspace_id = :ws order by seq, id""").param("ws", workspaceId)
        .query((rs, row) -> new Checkpoint(rs.getLong("seq"), rs.getString("chain_hash"),
            rs.getTimestamp("signed_at").toInstant(), rs.getString("key_id"), rs.getString("signature")))
        .list();
    for (Checkpoint c : checkpoints) {
      var retired = keys.retiredAt(c.keyId());
      if (retired.isPresent() && c.signedAt().isAfter(retired.get())) {
        return result(workspaceId, false, 0, checkpoints, new ChainProblem(null, c.seq(), "The checkpoint at position "
            + c.seq() + " claims key " + c.keyId() + ", which was retired before " + c.signedAt()
            + ": Miniflow did not sign it."));
      }
      if (!keys.verify(c.keyId(), EntryHash.checkpoint(workspaceId, c.seq(), c.chainHash(), c.signedAt()),
          c.signature())) {
        return result(workspaceId, false, 0, checkpoints, new ChainProblem(null, c.seq(), "The checkpoint at position "
            + c.seq() + " is not signed by Miniflow's key " + c.keyId() + ": it was made or changed by someone else."));
      }
    }
    // what this installation signed, kept outside the database (signedHere): the chain must still lead there
    var nextCheckpoint = new int[] {0};
    ChainWalk.Walked walk = chain.from(workspaceId, 0, EntryHash.GENESIS, (auditId, seq, chainHash) -> {
      String signedThere = signedHere.remove(seq);
      if (signedThere != null && !signedThere.equals(chainHash)) {
        return new ChainProblem(auditId, seq, "The chain up to audit entry " + auditId + " differs from what"
            + " Miniflow signed at position " + seq + ": entries up to it were changed and their hashes recomputed.");
      }
      while (nextCheckpoint[0] < checkpoints.size() && checkpoints.get(nextCheckpoint[0]).seq() == seq) {
        if (!checkpoints.get(nextCheckpoint[0]).chainHash().equals(chainHash)) {
          return new ChainProblem(auditId, seq, "The chain up to audit entry " + auditId + " differs from what"
              + " the checkpoint signed at position " + seq + ": entries up to it were changed and their hashes"
              + " recomputed.");
        }
        nextCheckpoint[0]++;
      }
      return null;
    });
    ChainProblem problem = walk.problem();
    if (problem == null && !signedHere.isEmpty()) {
      long beyond = signedHere.keySet().stream().min(Long::compare).orElseThrow();
      problem = new ChainProblem(null, beyond, "Miniflow signed the chain up to position " + beyond + " but it ends at "
          + walk.lastSeq() + ": entries at its end were taken out.");
    }
    if (problem == null && nextCheckpoint[0] < checkpoints.size()) {
      Checkpoint beyond = checkpoints.get(nextCheckpoint[0]);
      problem = new ChainProblem(null, beyond.seq(), "A checkpoint covers position " + beyond.seq() + " but the chain"
          + " ends at " + walk.lastSeq() + ": entries at its end were taken out.");
    }
    if (problem == null) {
      Long outside = jdbc.sql("""
              select e.id from audit_event e where\s""" + ChainReaders.entriesOf(workspaceId) + "\n" + """
              and not exists (select 1 from audit_chain c where c.audit_id = e.id and c.workspace_id = :ws)
              and not exists (select 1 from audit_unsealed u where u.audit_id = e.id) order by e.id limit 1""")
          .param("ws", workspaceId).query(Long.class).optional().orElse(null);
      if (outside != null) {
        problem = new ChainProblem(outside, 0, "Audit entry " + outside + " is in no chain: it was added past the"
            + " trail's own checks.");
      }
    }
    return result(workspaceId, problem == null, walk.entries(), checkpoints, problem);
  }

  private Result result(long workspaceId, boolean intact, long entries, List<Checkpoint> checkpoints,
      ChainProblem problem) {
    long unsealed = jdbc.sql("""
            select count(*) from audit_unsealed u join audit_event e on e.id = u.audit_id
            where\s""" + ChainReaders.entriesOf(workspaceId))
        .param("ws", workspaceId).query(Long.class).single();
    return new Result(workspaceId, intact, entries, unsealed, checkpoints.size(),
        checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1), problem);
  }
}
