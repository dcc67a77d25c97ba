package dev.miniflow.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.MiniflowSettings;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Sha256;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The evidence of one release, removal or access grant, for the workspace's admins and
 * inspectors: the object as it stands, what it was decided on, every task of its process with its
 * decision, decider and the roles the decider held at that moment, the process definition the
 * instance ran, and its audit entries with their chain positions. Read on one snapshot from the
 * tables of the features it reports on (read only), and signed as a bundle ({@link EvidenceBundle}).
 */
@Service
class EvidenceBundles {
  /** What evidence can be asked for: its table, and its subject type in the audit trail. */
  enum Kind {
    RELEASE("release", "release"),
    REMOVAL("removal", "removal"),
    GRANT("access_grant", "grant");

    private final String table;
    private final String subjectType;

    Kind(String table, String subjectType) {
      this.table = table;
      this.subjectType = subjectType;
    }
  }

  /** A signed bundle and the name it is downloaded under. */
  record Download(String fileName, byte[] zip) {}

  private final JdbcClient jdbc;
  private final WorkspaceAccess access;
  private final EvidenceBundle bundle;
  private final AuditTrail audit;
  private final ObjectMapper json;
  private final MiniflowSettings settings;
  private final Clock clock;

  EvidenceBundles(JdbcClient jdbc, WorkspaceAccess access, EvidenceBundle bundle, AuditTrail audit,
      ObjectMapper json, MiniflowSettings settings, Clock clock) {
    this.jdbc = jdbc;
    this.access = access;
    this.bundle = bundle;
    this.audit = audit;
    this.json = json;
    this.settings = settings;
    this.clock = clock;
  }

  /** The signed bundle of the object (404 if there is none the caller may see, 403 without the role). */
  @Transactional(isolation = Isolation.REPEATABLE_READ)
  Download download(Kind kind, long id) {
    String what = kind.subjectType + " " + id;
    ObjectNode subject = jsonb("select to_jsonb(s) - 'lock_version' - 'bundle' - 'publishing_until' from "
        + kind.table + " s where id = :id", id);
    if (subject == null) {
      throw Problems.notFound(what);
    }
    long workspaceId = subject.get("workspace_id").asLong();
    JsonNode instanceKey = subject.get("process_instance_key");
    long instance = instanceKey == null || instanceKey.isNull() ? -1 : instanceKey.asLong();
    if (instance != -1) {
      // engine keys pass 2^53 on later partitions: as text, so no JSON reader rounds them
      subject.put("process_instance_key", String.valueOf(instance));
    }
    if (subject.path("validation_report").isTextual()) {
      subject.set("validation_report", parsedOrText(subject.get("validation_report").asText()));
    }
    String caller = access.require(workspaceId, what, Role.ADMIN, Role.INSPECTOR);

    ObjectNode evidence = json.createObjectNode();
    evidence.put("format", EvidenceBundle.FORMAT);
    evidence.put("kind", kind.subjectType);
    evidence.put("installation", settings.baseUrl());
    evidence.put("generatedAt", clock.instant().toString());
    evidence.put("generatedBy", caller);
    evidence.set("workspace", row("select id, name from workspace where id = :id", workspaceId));
    evidence.set(kind.subjectType, subject);
    evidence.set("miniProgram", row("select id, name, created_by, created_at from mini_program where id = :id",
        subject.get("mini_program_id").asLong()));
    if (kind == Kind.RELEASE) {
      release(evidence, subject);
    }
    evidence.set("process", process(instance));
    evidence.set("tasks", tasks(instance));
    evidence.set("audit", auditEntries(kind, id, workspaceId));
    evidence.set("checkpoint", row("""
        select seq, chain_hash, signed_at, key_id, signature from audit_checkpoint
        where workspace_id = :id order by seq desc, id desc limit 1""", workspaceId));

    byte[] zip = bundle.signed(what, evidence);
    audit.record(caller, EvidenceAudit.EXPORTED, kind.subjectType, id, workspaceId,
        "Evidence bundle signed, SHA-256 " + Sha256.hex(zip));
    return new Download(kind.subjectType + "-" + id + "-evidence.zip", zip);
  }

  /** What a release was judged on: its package, the target app and its listing rules of that time, the stages' receipts. */
  private void release(ObjectNode evidence, ObjectNode release) {
    evidence.set("package", row("""
        select id, version, sha256, package_bytes, uploaded_by, uploaded_at, report as validation_report
        from app_version where id = :id""", release.get("version_id").asLong()));
    ObjectNode version = (ObjectNode) evidence.get("package");
    // the validation report is JSON: kept as such, not as a string of it
    if (version != null && version.path("validation_report").isTextual()) {
      version.set("validation_report", parsedOrText(version.get("validation_report").asText()));
    }
    evidence.set("targetApp", row("select id, code, name, kind, connector from target_app where id = :id",
        release.get("target_app_id").asLong()));
    JsonNode rules = release.get("listing_rules_id");
    evidence.set("listingRules", rules == null || rules.isNull() ? null
        : jsonb("select to_jsonb(r) from listing_rule_set r where id = :id", rules.asLong()));
    evidence.set("rollout", rows("""
        select r.stage, r.percent, t.code as target_app, r.partner_reference, r.idempotency_key, r.published_at,
          r.recorded_at
        from release_rollout_receipt r join target_app t on t.id = r.target_app_id
        where r.release_id = :id order by r.id""", release.get("id").asLong()));
  }

  /** The definition the instance ran: its XML's hash, version, and whether it was the platform's or the workspace's. */
  private JsonNode process(long instance) {
    ObjectNode process = row("""
        select i.process_instance_key::text as instance_key, i.bpmn_process_id, i.version,
          i.process_definition_key::text as definition_key, i.state, i.started_at, i.ended_at,
          d.resource_name, d.deployed_by, d.deployed_at, d.change_summary, d.xml
        from process_instance i left join process_definition d on d.process_definition_key = i.process_definition_key
        where i.process_instance_key = :id""", instance);
    if (process == null) {
      return null;
    }
    JsonNode xml = process.remove("xml");
    process.put("xml_sha256", xml == null || xml.isNull() ? null : Sha256.hex(xml.asText()));
    String id = process.get("bpmn_process_id").asText();
    // a workspace's variant is "<kind>.ws-<workspace>"
    process.put("source", id.contains(".ws-") ? "workspace-variant" : "platform-default");
    return process;
  }

  private ArrayNode tasks(long instance) {
    ArrayNode tasks = rows("""
        select t.id, t.name, t.element_id, t.state, t.candidate_groups, t.created_at, t.due_at, t.completed_at,
          t.completed_by as decider, t.completed_by_roles as decider_roles, t.outcome,
          coalesce((select jsonb_agg(jsonb_build_object('author', c.author, 'at', c.created_at, 'text', c.body)
            order by c.id) from task_comment c where c.task_id = t.id), '[]'::jsonb) as comments
        from user_task t where t.process_instance_key = :id order by t.id""", instance);
    for (JsonNode task : tasks) {
      if (task.path("outcome").isTextual()) {
        ((ObjectNode) task).set("outcome", parsedOrText(task.get("outcome").asText()));
      }
    }
    return tasks;
  }

  /** The object's audit entries, each with the canonical text its entry hash is of and its chain position. */
  private ArrayNode auditEntries(Kind kind, long id, long workspaceId) {
    ArrayNode entries = json.createArrayNode();
    jdbc.sql("""
            select e.*, c.seq, c.entry_hash, c.chain_hash from audit_event e
            left join audit_chain c on c.audit_id = e.id
            where e.subject_type = :type and e.subject_id = :id and e.workspace_id = :ws order by e.id""")
        .param("type", kind.subjectType).param("id", String.valueOf(id)).param("ws", workspaceId)
        .query(rs -> {
          String canonical = EntryHash.canonical(rs);
          String entryHash = rs.getString("entry_hash");
          if (entryHash != null && !entryHash.equals(EntryHash.entry(canonical))) {
            // Miniflow's key does not sign a trail that was changed after it was sealed
            throw Problems.conflict("Audit entry " + rs.getLong("id") + " of this " + kind.subjectType
                + " no longer matches its sealed hash: the audit trail was changed. Verify the workspace's chain;"
                + " no evidence is signed over it.");
          }
          ObjectNode entry = entries.addObject();
          entry.put("id", rs.getLong("id"));
          entry.put("canonical", canonical);
          long seq = rs.getLong("seq");
          if (rs.wasNull()) {
            entry.putNull("seq"); // not sealed yet: the next sealing covers it
          } else {
            entry.put("seq", seq);
          }
          entry.put("entryHash", entryHash);
          entry.put("chainHash", rs.getString("chain_hash"));
        });
    return entries;
  }

  private JsonNode parsedOrText(String text) {
    try {
      return json.readTree(text);
    } catch (IOException notJson) {
      return json.getNodeFactory().textNode(text);
    }
  }

  /** The first row of a query, as a JSON object of its columns; null if there is none. */
  private ObjectNode row(String sql, long id) {
    return jsonb("select to_jsonb(x) from (" + sql + ") x", id);
  }

  /** The jsonb a query returns, as a JSON object; null if there is none. */
  private ObjectNode jsonb(String sql, long id) {
    return jdbc.sql(sql).param("id", id).query(String.class).optional().map(this::object).orElse(null);
  }

  private ArrayNode rows(String sql, long id) {
    ArrayNode rows = json.createArrayNode();
    jdbc.sql("select to_jsonb(x) from (" + sql + ") x").param("id", id).query(String.class).list()
        .forEach(text -> rows.add(object(text)));
    return rows;
  }

  private ObjectNode object(String text) {
    try {
      return (ObjectNode) json.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
