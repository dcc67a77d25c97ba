package dev.miniflow.evidence;

import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Walks a workspace's chain from its first entry: each entry's content against its sealed hash,
 * each chain hash against the one before, each checkpoint's signature against its key and its
 * hash against the chain at its position. Reports the first thing that does not match.
 */
@Service
class ChainVerification {
  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final EvidenceKeys keys;
  private final CheckpointLog log;
  private final WorkspaceAccess access;

  ChainVerification(JdbcClient jdbc, javax.sql.DataSource dataSource, EvidenceKeys keys, CheckpointLog log,
      WorkspaceAccess access) {
    this.jdbc = jdbc;
    // a chain is read as a stream (a cursor, inside the transaction), not into memory
    this.template = new JdbcTemplate(dataSource);
    this.template.setFetchSize(500);
    this.keys = keys;
    this.log = log;
    this.access = access;
  }

  /** Ends the walk at its first problem. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }

  /** Where the chain first fails: the entry (audit id) and chain position, and why. */
  record Problem(Long auditId, long seq, String reason) {}

  record Checkpoint(long seq, String chainHash, Instant signedAt, String keyId, String signature) {}

  /**
   * @param entries sealed entries walked; {@code unsealed} entries waiting to be sealed (they are not covered yet)
   * @param lastCheckpoint the newest signed checkpoint: everything up to its position is covered by a signature
   */
  record Result(long workspaceId, boolean intact, long entries, long unsealed, int checkpoints,
      Checkpoint lastCheckpoint, Problem problem) {}

  /** For the workspace's admins and inspectors; on one snapshot, so entries sealed meanwhile change nothing. */
  @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
  Result verify(long workspaceId) {
    access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN, Role.INSPECTOR);
    List<Checkpoint> checkpoints = jdbc.sql("""
            select seq, chain_hash, signed_at, key_id, signature from audit_checkpoint
            where workspace_id = :ws order by seq, id""").param("ws", workspaceId)
        .query((rs, row) -> new Checkpoint(rs.getLong("seq"), rs.getString("chain_hash"),
            rs.getTimestamp("signed_at").toInstant(), rs.getString("key_id"), rs.getString("signature")))
        .list();
    for (Checkpoint c : checkpoints) {
      if (!keys.verify(c.keyId(), EntryHash.checkpoint(workspaceId, c.seq(), c.chainHash(), c.signedAt()),
          c.signature())) {
        return result(workspaceId, false, 0, checkpoints, new Problem(null, c.seq(), "The checkpoint at position "
            + c.seq() + " is not signed by Miniflow's key " + c.keyId() + ": it was made or changed by someone else."));
      }
    }
    // what this installation signed, kept outside the database: the chain must still lead there
    java.util.Map<Long, String> signedHere = new java.util.HashMap<>();
    log.of(workspaceId).forEach(signed -> signedHere.put(signed.seq(), signed.chainHash()));
    var walk = new Object() {
      String previous = EntryHash.GENESIS;
      long expected = 1;
      long entries;
      int nextCheckpoint;
      Problem problem;

      void fail(Problem found) {
        problem = found;
        throw new Stop();
      }
    };
    try {
      template.query("""
        select c.seq, c.audit_id, c.entry_hash, c.chain_hash, e.* from audit_chain c
        left join audit_event e on e.id = c.audit_id where c.workspace_id = ? order by c.seq""", rs -> {
        long seq = rs.getLong("seq");
        long auditId = rs.getLong("audit_id");
        if (seq != walk.expected) {
          walk.fail(new Problem(auditId, walk.expected, "The chain has no entry at position " + walk.expected
              + ": an entry was taken out."));
        }
        if (rs.getObject("id") == null) {
          walk.fail(new Problem(auditId, seq, "Audit entry " + auditId + " was deleted."));
        }
        long entryWorkspace = EntryHash.chainOf(rs);
        if (entryWorkspace != workspaceId) {
          walk.fail(new Problem(auditId, seq, "Audit entry " + auditId + " of workspace " + entryWorkspace
              + " sits in this workspace's chain."));
        }
        String entryHash = EntryHash.entry(EntryHash.canonical(rs));
        if (!entryHash.equals(rs.getString("entry_hash"))) {
          walk.fail(new Problem(auditId, seq, "Audit entry " + auditId + " was changed after it was recorded."));
        }
        String chainHash = EntryHash.chain(walk.previous, entryHash);
        if (!chainHash.equals(rs.getString("chain_hash"))) {
          walk.fail(new Problem(auditId, seq, "The chain was rewritten at audit entry " + auditId + "."));
        }
        String signedThere = signedHere.remove(seq);
        if (signedThere != null && !signedThere.equals(chainHash)) {
          walk.fail(new Problem(auditId, seq, "The chain up to audit entry " + auditId + " differs from what"
              + " Miniflow signed at position " + seq
              + ": entries up to it were changed and their hashes recomputed."));
        }
        while (walk.nextCheckpoint < checkpoints.size() && checkpoints.get(walk.nextCheckpoint).seq() == seq) {
          if (!checkpoints.get(walk.nextCheckpoint).chainHash().equals(chainHash)) {
            walk.fail(new Problem(auditId, seq, "The chain up to audit entry " + auditId + " differs from what"
                + " the checkpoint signed at position " + seq + ": entries up to it were changed and their hashes"
                + " recomputed."));
          }
          walk.nextCheckpoint++;
        }
        walk.previous = chainHash;
        walk.expected++;
        walk.entries++;
      }, workspaceId);
    } catch (Stop stop) {
      // the first problem is the answer
    }
    if (walk.problem == null && !signedHere.isEmpty()) {
      long beyond = signedHere.keySet().stream().min(Long::compare).orElseThrow();
      walk.problem = new Problem(null, beyond, "Miniflow signed the chain up to position " + beyond + " but it ends at "
          + (walk.expected - 1) + ": entries at its end were taken out.");
    }
    if (walk.problem == null && walk.nextCheckpoint < checkpoints.size()) {
      Checkpoint beyond = checkpoints.get(walk.nextCheckpoint);
      walk.problem = new Problem(null, beyond.seq(), "A checkpoint covers position " + beyond.seq() + " but the chain"
          + " ends at " + (walk.expected - 1) + ": entries at its end were taken out.");
    }
    if (walk.problem == null) {
      Long outside = jdbc.sql("""
              select e.id from audit_event e where e.workspace_id = :ws
              and not exists (select 1 from audit_chain c where c.audit_id = e.id and c.workspace_id = :ws)
              and not exists (select 1 from audit_unsealed u where u.audit_id = e.id) order by e.id limit 1""")
          .param("ws", workspaceId).query(Long.class).optional().orElse(null);
      if (outside != null) {
        walk.problem = new Problem(outside, 0, "Audit entry " + outside + " is in no chain: it was added past the"
            + " trail's own checks.");
      }
    }
    return result(workspaceId, walk.problem == null, walk.entries, checkpoints, walk.problem);
  }

  private Result result(long workspaceId, boolean intact, long entries, List<Checkpoint> checkpoints,
      Problem problem) {
    long unsealed = jdbc.sql("""
            select count(*) from audit_unsealed u join audit_event e on e.id = u.audit_id where e.workspace_id = :ws""")
        .param("ws", workspaceId).query(Long.class).single();
    return new Result(workspaceId, intact, entries, unsealed, checkpoints.size(),
        checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1), problem);
  }
}
