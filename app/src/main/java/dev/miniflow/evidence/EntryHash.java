package dev.miniflow.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.support.Sha256;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The canonical form of an audit entry and the chain's hashes, as an auditor recomputes them
 * offline: the entry as compact JSON with its fields in this order (null fields as null, the time
 * as ISO-8601 UTC with six fraction digits, text as Jackson writes it: UTF-8, control characters
 * as a backslash, u and four upper-case hex digits), its SHA-256 in hex; the chain hash is the SHA-256 of the
 * previous chain hash (64 zeros before the first entry) followed by the entry hash.
 */
final class EntryHash {
  static final String GENESIS = "0".repeat(64);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Always six fraction digits (what PostgreSQL keeps), UTC. */
  private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
      .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

  private EntryHash() {}

  /** From a row of audit_event (columns as in the table). */
  static String canonical(ResultSet rs) throws SQLException {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", rs.getLong("id"));
    entry.put("occurredAt", TIME.format(rs.getTimestamp("occurred_at").toInstant()));
    entry.put("actor", rs.getString("actor"));
    entry.put("action", rs.getString("action"));
    entry.put("subjectType", rs.getString("subject_type"));
    entry.put("subjectId", rs.getString("subject_id"));
    entry.put("workspaceId", rs.getObject("workspace_id", Long.class));
    entry.put("detail", rs.getString("detail"));
    entry.put("via", rs.getString("via"));
    try {
      return JSON.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The chain an audit_event row belongs to: its workspace's, or 0 for an entry of no workspace. */
  static long chainOf(ResultSet rs) throws SQLException {
    long workspace = rs.getLong("workspace_id");
    return rs.wasNull() ? 0 : workspace;
  }

  static String entry(String canonical) {
    return Sha256.hex(canonical);
  }

  static String chain(String previous, String entryHash) {
    return Sha256.hex(previous + entryHash);
  }

  /** What a checkpoint's signature covers. */
  static String checkpoint(long workspaceId, long seq, String chainHash, java.time.Instant signedAt) {
    return "miniflow-audit-checkpoint:v1:" + workspaceId + ":" + seq + ":" + chainHash + ":" + signedAt;
  }
}
