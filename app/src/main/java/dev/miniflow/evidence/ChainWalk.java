package dev.miniflow.evidence;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Walks a workspace's chain onward from a position whose chain hash is known (the start, or a
 * checkpoint), recomputing every entry's hash and the chain hash over it, and stops at the first
 * position that does not match. The sealer walks from its own last checkpoint before signing;
 * verification walks from the start.
 */
@Component
class ChainWalk {
  private final JdbcTemplate template;

  ChainWalk(DataSource dataSource) {
    // a chain is read as a stream (a cursor: callers walk inside a transaction), not into memory
    this.template = new JdbcTemplate(dataSource);
    this.template.setFetchSize(500);
  }

  /** A further check at each position that matched, e.g. against a checkpoint; null when it holds. */
  interface Check {
    ChainVerification.ChainProblem at(long auditId, long seq, String chainHash);
  }

  /** Where the walk ended (the last position that matched, and its chain hash), or the first problem. */
  record Walked(long lastSeq, String lastHash, long entries, ChainVerification.ChainProblem problem) {}

  /** Ends the walk at its first problem. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }

  Walked from(long workspaceId, long afterSeq, String afterHash, Check check) {
    var walk = new Object() {
      long seq = afterSeq;
      String hash = afterHash;
      long entries;
      ChainVerification.ChainProblem problem;

      void fail(ChainVerification.ChainProblem found) {
        problem = found;
        throw new Stop();
      }
    };
    try {
      template.query("""
          select c.seq, c.audit_id, c.entry_hash, c.chain_hash, e.* from audit_chain c
          left join audit_event e on e.id = c.audit_id where c.workspace_id = ? and c.seq > ? order by c.seq""",
          rs -> {
            long seq = rs.getLong("seq");
            long auditId = rs.getLong("audit_id");
            if (seq != walk.seq + 1) {
              walk.fail(new ChainVerification.ChainProblem(auditId, walk.seq + 1, "The chain has no entry at position "
                  + (walk.seq + 1) + ": an entry was taken out."));
            }
            if (rs.getObject("id") == null) {
              walk.fail(new ChainVerification.ChainProblem(auditId, seq, "Audit entry " + auditId + " was deleted."));
            }
            long entryWorkspace = EntryHash.chainOf(rs);
            if (entryWorkspace != workspaceId) {
              walk.fail(new ChainVerification.ChainProblem(auditId, seq, "Audit entry " + auditId + " of workspace "
                  + entryWorkspace + " sits in this workspace's chain."));
            }
            String entryHash = EntryHash.entry(EntryHash.canonical(rs));
            if (!entryHash.equals(rs.getString("entry_hash"))) {
              walk.fail(new ChainVerification.ChainProblem(auditId, seq, "Audit entry " + auditId
                  + " was changed after it was recorded."));
            }
            String chainHash = EntryHash.chain(walk.hash, entryHash);
            if (!chainHash.equals(rs.getString("chain_hash"))) {
              walk.fail(new ChainVerification.ChainProblem(auditId, seq, "The chain was rewritten at audit entry "
                  + auditId + "."));
            }
            ChainVerification.ChainProblem further = check.at(auditId, seq, chainHash);
            if (further != null) {
              walk.fail(further);
            }
            walk.seq = seq;
            walk.hash = chainHash;
            walk.entries++;
          }, workspaceId, afterSeq);
    } catch (Stop stop) {
      // the first problem is the answer
    }
    return new Walked(walk.seq, walk.hash, walk.entries, walk.problem);
  }
}
