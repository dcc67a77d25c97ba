package dev.miniflow.processes;

import org.springframework.modulith.NamedInterface;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every deployed version of every process with its XML, recorded when Miniflow deploys it. */
@Repository
@NamedInterface("api")
public class ProcessDefinitions {
  private static final RowMapper<ProcessDefinition> ROW = ProcessDefinitions::map;
  private final JdbcClient jdbc;

  ProcessDefinitions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A deployment the engine skipped as unchanged returns a known key: that record stays. An
   * embedded engine restarted afresh may reuse a key for other content: that record is replaced.
   */
  void record(long key, String bpmnProcessId, int version, String resourceName, String xml, String deployedBy,
      String changeSummary) {
    jdbc.sql("""
            insert into process_definition(process_definition_key, bpmn_process_id, version, resource_name, xml,
              deployed_by, change_summary)
            values (:key, :id, :version, :resource, :xml, :by, :summary)
            on conflict (process_definition_key) do update set bpmn_process_id = excluded.bpmn_process_id,
              version = excluded.version, resource_name = excluded.resource_name, xml = excluded.xml,
              deployed_by = excluded.deployed_by, deployed_at = now(), change_summary = excluded.change_summary
            where process_definition.bpmn_process_id <> excluded.bpmn_process_id
              or process_definition.version <> excluded.version or process_definition.xml <> excluded.xml""")
        .param("key", key).param("id", bpmnProcessId).param("version", version).param("resource", resourceName)
        .param("xml", xml).param("by", deployedBy).param("summary", changeSummary).update();
  }

  /** The newest version of each process. */
  public List<ProcessDefinition> latestOfEach() {
    return jdbc.sql("""
            select distinct on (bpmn_process_id) * from process_definition
            order by bpmn_process_id, version desc, process_definition_key desc""").query(ROW).list();
  }

  public List<ProcessDefinition> versions(String bpmnProcessId) {
    return jdbc.sql(
        "select * from process_definition where bpmn_process_id = :id order by version desc, process_definition_key desc")
        .param("id", bpmnProcessId).query(ROW).list();
  }

  /** Whether any version of the process is recorded (without reading their XML). */
  public boolean exists(String bpmnProcessId) {
    return jdbc.sql("select exists (select 1 from process_definition where bpmn_process_id = :id)")
        .param("id", bpmnProcessId).query(Boolean.class).single();
  }

  public Optional<ProcessDefinition> latest(String bpmnProcessId) {
    return versions(bpmnProcessId).stream().findFirst();
  }

  public Optional<ProcessDefinition> byKey(long key) {
    return jdbc.sql("select * from process_definition where process_definition_key = :k").param("k", key)
        .query(ROW).optional();
  }

  private static ProcessDefinition map(ResultSet rs, int row) throws SQLException {
    return new ProcessDefinition(rs.getLong("process_definition_key"), rs.getString("bpmn_process_id"),
        rs.getInt("version"), rs.getString("resource_name"), rs.getString("xml"), rs.getString("deployed_by"),
        rs.getTimestamp("deployed_at").toInstant(), rs.getString("change_summary"));
  }

  @NamedInterface("api")
  public record ProcessDefinition(long key, String bpmnProcessId, int version, String resourceName, String xml,
      String deployedBy, Instant deployedAt, String changeSummary) {
    /** The model of this version (checked when it was deployed). */
    public io.camunda.zeebe.model.bpmn.BpmnModelInstance model() {
      return io.camunda.zeebe.model.bpmn.Bpmn.readModelFromStream(
          new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }
}
