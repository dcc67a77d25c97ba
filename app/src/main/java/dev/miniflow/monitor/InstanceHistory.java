package dev.miniflow.monitor;

import org.springframework.modulith.NamedInterface;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The admin monitor's view of process instances: instances, the elements they passed through,
 * incidents and variables, as projected from the engine's records by the engine's records (dev.miniflow.engine).
 */
@Repository
@NamedInterface("api")
public class InstanceHistory {
  private final JdbcClient jdbc;

  InstanceHistory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public record Instance(long key, long processDefinitionKey, String bpmnProcessId, int version, Long workspaceId,
      String businessKey, String subject, String state, Instant startedAt, Instant endedAt, int openIncidents) {}

  @NamedInterface("api")
  public record Element(long key, String elementId, String elementType, String state, Instant startedAt,
      Instant endedAt) {}

  public record Incident(long key, long processInstanceKey, String bpmnProcessId, Long workspaceId, String elementId,
      Long jobKey, String jobType, String errorType, String errorMessage, String state, Instant createdAt,
      Instant resolvedAt) {}

  /** Whether records reach these tables: the embedded feed or an exporter has written a position. */
  public boolean fed() {
    return jdbc.sql("select exists (select 1 from exporter_position)").query(Boolean.class).single();
  }

  /** A job as the engine recorded it: how often its worker failed it, and the retries it has left. */
  public record Job(long key, String elementId, String jobType, String state, int retries, int failures,
      String errorMessage, Instant updatedAt) {}

  public List<Job> jobs(long processInstanceKey) {
    return jdbc.sql("select * from job where process_instance_key = :k order by created_at, job_key")
        .param("k", processInstanceKey)
        .query((rs, n) -> new Job(rs.getLong("job_key"), rs.getString("element_id"), rs.getString("job_type"),
            rs.getString("state"), rs.getInt("retries"), rs.getInt("failures"), rs.getString("error_message"),
            instant(rs, "updated_at")))
        .list();
  }

  public record Variable(long scopeKey, String name, String value, Instant updatedAt) {}

  /** Filters of the instance list; null means "any". */
  public record Filter(String process, String state, String text, Instant from, Instant to) {}

  public List<Instance> instances(Collection<Long> workspaces, Filter filter, int limit, int offset) {
    if (workspaces.isEmpty()) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder(INSTANCE_SELECT + " where w.workspace_id in (:ws)");
    Map<String, Object> params = new HashMap<>();
    params.put("ws", workspaces);
    if (filter.process() != null && !filter.process().isBlank()) {
      sql.append(" and i.bpmn_process_id = :process");
      params.put("process", filter.process().strip());
    }
    if ("INCIDENT".equals(filter.state())) {
      sql.append(
          " and exists (select 1 from incident x where x.process_instance_key = i.process_instance_key and x.state = 'ACTIVE')");
    } else if (filter.state() != null && !filter.state().isBlank()) {
      sql.append(" and i.state = :state");
      params.put("state", filter.state());
    }
    if (filter.text() != null && !filter.text().isBlank()) {
      sql.append(
          " and (i.subject ilike :text or i.business_key = :exact or cast(i.process_instance_key as text) = :exact)");
      params.put("text",
          "%" + filter.text().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
      params.put("exact", filter.text().strip());
    }
    if (filter.from() != null) {
      sql.append(" and i.started_at >= :from");
      params.put("from", Timestamp.from(filter.from()));
    }
    if (filter.to() != null) {
      sql.append(" and i.started_at < :to");
      params.put("to", Timestamp.from(filter.to()));
    }
    sql.append(" order by i.started_at desc, i.process_instance_key desc limit :limit offset :offset");
    params.put("limit", limit);
    params.put("offset", offset);
    return jdbc.sql(sql.toString()).params(params).query(InstanceHistory::instance).list();
  }

  public List<Instance> instancesOf(Collection<Long> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(INSTANCE_SELECT + " where i.process_instance_key in (:keys)").param("keys", keys)
        .query(InstanceHistory::instance).list();
  }

  public Optional<Instance> instance(long key) {
    return jdbc.sql(INSTANCE_SELECT + " where i.process_instance_key = :k").param("k", key)
        .query(InstanceHistory::instance).optional();
  }

  public List<Element> elements(long processInstanceKey) {
    return jdbc
        .sql("select * from element_instance where process_instance_key = :k order by started_at, element_instance_key")
        .param("k", processInstanceKey)
        .query((rs, n) -> new Element(rs.getLong("element_instance_key"), rs.getString("element_id"),
            rs.getString("element_type"), rs.getString("state"), instant(rs, "started_at"), instant(rs, "ended_at")))
        .list();
  }

  public List<Incident> incidents(long processInstanceKey) {
    return jdbc.sql(INCIDENT_SELECT + " where x.process_instance_key = :k order by x.created_at desc")
        .param("k", processInstanceKey).query(InstanceHistory::incident).list();
  }

  public List<Incident> openIncidents(Collection<Long> workspaces, int limit) {
    if (workspaces.isEmpty()) {
      return List.of();
    }
    return jdbc
        .sql(INCIDENT_SELECT
            + " where x.state = 'ACTIVE' and w.workspace_id in (:ws) order by x.created_at desc limit :limit")
        .param("ws", workspaces).param("limit", limit).query(InstanceHistory::incident).list();
  }

  /** The open incidents of these instances. */
  public List<Incident> openIncidentsOf(Collection<Long> instanceKeys) {
    if (instanceKeys.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(INCIDENT_SELECT + " where x.state = 'ACTIVE' and x.process_instance_key in (:keys)"
        + " order by x.process_instance_key, x.created_at").param("keys", instanceKeys)
        .query(InstanceHistory::incident).list();
  }

  public Optional<Incident> incident(long key) {
    return jdbc.sql(INCIDENT_SELECT + " where x.incident_key = :k").param("k", key).query(InstanceHistory::incident)
        .optional();
  }

  public List<Variable> variables(long processInstanceKey) {
    return jdbc.sql("select * from instance_variable where process_instance_key = :k order by scope_key, name")
        .param("k", processInstanceKey)
        .query((rs, n) -> new Variable(rs.getLong("scope_key"), rs.getString("name"), rs.getString("value"),
            instant(rs, "updated_at")))
        .list();
  }

  /** Median and 90th percentile of how long something took, in seconds. */
  @NamedInterface("api")
  public record Timing(String processId, String elementId, long count, double medianSeconds, double p90Seconds) {}

  /**
   * How long the workspace's instances took from start to end, per process, over those that
   * completed on the UTC days of [from, to) (whole days, as the dashboard's period is).
   */
  public List<Timing> cycleTimes(long workspaceId, Instant from, Instant to) {
    return timings(workspaceId, from, to, true);
  }

  /** How long each step (task or call) took, per process and step, over steps completed in [from, to); slowest first. */
  public List<Timing> stepTimes(long workspaceId, Instant from, Instant to) {
    return timings(workspaceId, from, to, false).stream()
        .sorted(Comparator.comparing(Timing::processId)
            .thenComparing(Comparator.comparingDouble(Timing::medianSeconds).reversed()))
        .toList();
  }

  /** Read from the projection's daily histograms, not the steps themselves: a few thousand rows for any period. */
  private List<Timing> timings(long workspaceId, Instant from, Instant to, boolean wholeInstances) {
    Map<List<String>, DurationHistogram> histograms = new LinkedHashMap<>();
    jdbc.sql("""
            select bpmn_process_id, element_id, bucket, sum(completed) as n, sum(total_ms) as total
            from step_time_day
            where workspace_id = :ws and day >= :from and day < :to and (element_id = bpmn_process_id) = :whole
            group by bpmn_process_id, element_id, bucket order by bpmn_process_id, element_id, bucket""")
        .param("ws", workspaceId).param("from", utcDay(from)).param("to", utcDay(to)).param("whole", wholeInstances)
        .query(rs -> {
          histograms.computeIfAbsent(List.of(rs.getString("bpmn_process_id"), rs.getString("element_id")),
              k -> new DurationHistogram()).add(rs.getLong("n"), rs.getLong("total"));
        });
    List<Timing> timings = new ArrayList<>();
    histograms.forEach((step, histogram) -> timings.add(new Timing(step.get(0), wholeInstances ? null : step.get(1),
        histogram.count(), histogram.percentileSeconds(0.5), histogram.percentileSeconds(0.9))));
    return timings;
  }

  private static java.time.LocalDate utcDay(Instant at) {
    return java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC);
  }

  @NamedInterface("api")
  public record WorkerIncidents(String jobType, long incidents, long open) {}

  /** Incidents raised in [from, to) per job worker, of the workspace's instances. */
  public List<WorkerIncidents> incidentsPerWorker(long workspaceId, Instant from, Instant to) {
    return jdbc.sql("""
            select coalesce(x.job_type, x.error_type) as worker, count(*) as n, count(*) filter (where x.state = 'ACTIVE') as open
            from incident x join instance_workspace w on w.process_instance_key = x.process_instance_key
            where w.workspace_id = :ws and x.created_at >= :from and x.created_at < :to
            group by 1 order by n desc, worker""")
        .param("ws", workspaceId).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
        .query((rs, n) -> new WorkerIncidents(rs.getString("worker"), rs.getLong("n"), rs.getLong("open"))).list();
  }

  /** Element ids by how the instance stands on them, for the diagram's overlays. */
  public Map<String, List<String>> diagramState(long processInstanceKey) {
    Map<String, List<String>> state = new HashMap<>();
    state.put("active", new ArrayList<>());
    state.put("completed", new ArrayList<>());
    state.put("incidents", new ArrayList<>());
    for (Element e : elements(processInstanceKey)) {
      if (isContainer(e)) { // a whole filled sub-process would hide the steps inside
        continue;
      }
      state.get("ACTIVE".equals(e.state()) ? "active" : "completed").add(e.elementId());
    }
    incidents(processInstanceKey).stream().filter(i -> "ACTIVE".equals(i.state()))
        .forEach(i -> state.get("incidents").add(i.elementId()));
    state.get("completed").removeAll(state.get("active"));
    return state;
  }

  /** Process, sub-processes and multi-instance bodies: the frames around steps, not steps. */
  public static boolean isContainer(Element element) {
    return CONTAINERS.contains(element.elementType());
  }

  private static final java.util.Set<String> CONTAINERS =
      java.util.Set.of("PROCESS", "MULTI_INSTANCE_BODY", "SUB_PROCESS", "EVENT_SUB_PROCESS");

  private static final String INSTANCE_SELECT = """
      select i.*, w.workspace_id, (select count(*) from incident x where x.process_instance_key = i.process_instance_key
        and x.state = 'ACTIVE') as open_incidents
      from process_instance i left join instance_workspace w on w.process_instance_key = i.process_instance_key""";

  private static final String INCIDENT_SELECT = """
      select x.*, i.bpmn_process_id, w.workspace_id from incident x
      join process_instance i on i.process_instance_key = x.process_instance_key
      left join instance_workspace w on w.process_instance_key = x.process_instance_key""";

  private static Instance instance(ResultSet rs, int row) throws SQLException {
    return new Instance(rs.getLong("process_instance_key"), rs.getLong("process_definition_key"),
        rs.getString("bpmn_process_id"), rs.getInt("version"), (Long) rs.getObject("workspace_id"),
        rs.getString("business_key"), rs.getString("subject"), rs.getString("state"), instant(rs, "started_at"),
        instant(rs, "ended_at"), rs.getInt("open_incidents"));
  }

  private static Incident incident(ResultSet rs, int row) throws SQLException {
    return new Incident(rs.getLong("incident_key"), rs.getLong("process_instance_key"), rs.getString("bpmn_process_id"),
        (Long) rs.getObject("workspace_id"), rs.getString("element_id"), (Long) rs.getObject("job_key"),
        rs.getString("job_type"), rs.getString("error_type"), rs.getString("error_message"), rs.getString("state"),
        instant(rs, "created_at"), instant(rs, "resolved_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }
}
