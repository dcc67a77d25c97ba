package dev.miniflow.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.jdbc.core.simple.JdbcClient;

/** What someone with database access does to the audit trail behind Miniflow's back. */
final class ChainForgery {
  private ChainForgery() {}

  /** A change made in PostgreSQL past the append-only trigger, which is put back after. */
  static void tamper(JdbcClient jdbc, String update) {
    jdbc.sql("alter table audit_event disable trigger audit_event_no_update").update();
    try {
      assertThat(jdbc.sql(update).update()).isOne();
    } finally {
      jdbc.sql("alter table audit_event enable trigger audit_event_no_update").update();
    }
  }

  /** Knowing the scheme, recomputes every entry hash and chain hash of the workspace's chain from its rows. */
  static void recomputeHashes(JdbcClient jdbc, long workspaceId) {
    var rows = jdbc.sql("select c.seq, c.audit_id, e.* from audit_chain c join audit_event e on e.id = c.audit_id"
        + " where c.workspace_id = :ws order by c.seq").param("ws", workspaceId).query((rs,
            row) -> new String[] {rs.getString("audit_id"), EntryHash.entry(EntryHash.canonical(rs))})
        .list();
    String previous = EntryHash.GENESIS;
    jdbc.sql("alter table audit_chain disable trigger audit_chain_no_update").update();
    try {
      for (String[] row : rows) {
        String chain = EntryHash.chain(previous, row[1]);
        jdbc.sql("update audit_chain set entry_hash = :entry, chain_hash = :chain where audit_id = :id")
            .param("entry", row[1]).param("chain", chain).param("id", Long.parseLong(row[0])).update();
        previous = chain;
      }
    } finally {
      jdbc.sql("alter table audit_chain enable trigger audit_chain_no_update").update();
    }
  }
}
