package dev.miniflow.engine;

import dev.miniflow.processes.ProcessVariants;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.VariableIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Projects the embedded engine's records (instances, elements, incidents, variables) into the
 * monitor's tables, a few times a second. Only the embedded engine offers its record stream in
 * process; an external broker needs an exporter writing the same tables.
 */
@Component
class EngineRecordFeed implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(EngineRecordFeed.class);
  private static final int BATCH = 5_000;
  private static final int MAX_VALUE_CHARS = 8_000;

  private final ObjectProvider<ZeebeTestEngine> engine;
  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final EngineLogWatch logWatch;
  /** Job types of jobs not yet finished, so an incident can name the worker that failed. */
  private final Map<Long, String> jobTypes = new ConcurrentHashMap<>();
  private ScheduledExecutorService poller;
  private int next;

  EngineRecordFeed(ObjectProvider<ZeebeTestEngine> engine, JdbcClient jdbc, TransactionTemplate transaction,
      EngineLogWatch logWatch) {
    this.engine = engine;
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.logWatch = logWatch;
  }

  @Override
  public void start() {
    if (engine.getIfAvailable() == null) {
      log.info("No embedded engine: the monitor's history needs an exporter on the external broker");
      return;
    }
    // The embedded engine starts empty and hands out the same keys again: what was projected from
    // the previous run would mix with the new instances. Domain state and the audit trail stay.
    transaction.executeWithoutResult(status -> {
      for (String table : List.of("element_instance", "incident", "instance_variable", "process_instance",
          "process_definition")) {
        jdbc.sql("delete from " + table).update();
      }
    });
    log.info("Projecting the embedded engine's records for the monitor");
    poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "engine-record-feed"));
    poller.scheduleWithFixedDelay(this::catchUp, 200, 200, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }

  @Override
  public boolean isRunning() {
    return poller != null;
  }

  /** Projects the records written since the last call; safe to call from tests to not wait for the poller. */
  synchronized void catchUp() {
    ZeebeTestEngine source = engine.getIfAvailable();
    if (source == null) {
      return;
    }
    try {
      @SuppressWarnings("unchecked")
      List<Record<?>> records = (List<Record<?>>) source.getRecordStreamSource().getRecords();
      logWatch.seen(records.size());
      while (next < records.size()) {
        int end = Math.min(records.size(), next + BATCH);
        List<Record<?>> batch = records.subList(next, end);
        transaction.executeWithoutResult(status -> batch.forEach(this::project));
        next = end;
      }
    } catch (RuntimeException | LinkageError e) {
      // the poller must survive: a later call retries the same records (the projection is idempotent)
      log.warn("Could not project engine records (will retry)", e);
    }
  }

  private void project(Record<?> record) {
    if (record.getRecordType() != RecordType.EVENT) {
      return;
    }
    Timestamp at = Timestamp.from(Instant.ofEpochMilli(record.getTimestamp()));
    switch (record.getValue()) {
      case ProcessInstanceRecordValue value -> element(record, value, at);
      case IncidentRecordValue value -> incident(record, value, at);
      case VariableRecordValue value -> variable(record, value, at);
      case JobRecordValue value -> job(record, value);
      default -> { }
    }
  }

  private void element(Record<?> record, ProcessInstanceRecordValue value, Timestamp at) {
    boolean process = value.getBpmnElementType() == BpmnElementType.PROCESS;
    // activating, not activated: the variables an instance is created with are written in between
    if (record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATING) {
      if (process) {
        jdbc.sql("""
                insert into process_instance(process_instance_key, process_definition_key, bpmn_process_id, version,
                  state, started_at) values (:k, :d, :p, :v, 'ACTIVE', :at) on conflict do nothing""")
            .param("k", value.getProcessInstanceKey()).param("d", value.getProcessDefinitionKey())
            .param("p", value.getBpmnProcessId()).param("v", value.getVersion()).param("at", at).update();
        var variantOf = ProcessVariants.workspaceOf(value.getBpmnProcessId());
        if (variantOf.isPresent()) {
          // a variant's instances belong to its workspace, whatever its model writes into variables
          jdbc.sql("update process_instance set workspace_id = :ws where process_instance_key = :k")
              .param("ws", variantOf.get()).param("k", value.getProcessInstanceKey()).update();
        } else {
          // the variables an instance is created with may be written before it is activated
          jdbc.sql("""
                  update process_instance i set workspace_id = (select cast(cast(v.value as numeric) as bigint)
                    from instance_variable v where v.process_instance_key = :k and v.scope_key = :k
                    and v.name = 'workspaceId' and v.value ~ '^[0-9]+$')
                  where i.process_instance_key = :k and i.workspace_id is null""")
              .param("k", value.getProcessInstanceKey()).update();
        }
      }
      jdbc.sql("""
              insert into element_instance(element_instance_key, process_instance_key, element_id, element_type, state, started_at)
              values (:k, :pi, :e, :t, 'ACTIVE', :at) on conflict do nothing""")
          .param("k", record.getKey()).param("pi", value.getProcessInstanceKey()).param("e", value.getElementId())
          .param("t", value.getBpmnElementType().name()).param("at", at).update();
    } else if (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
        || record.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED) {
      String state = record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED ? "COMPLETED" : "TERMINATED";
      jdbc.sql("update element_instance set state = :s, ended_at = :at where element_instance_key = :k")
          .param("s", state).param("at", at).param("k", record.getKey()).update();
      if (process) {
        jdbc.sql("update process_instance set state = :s, ended_at = :at where process_instance_key = :k")
            .param("s", state.equals("COMPLETED") ? "COMPLETED" : "CANCELED").param("at", at)
            .param("k", value.getProcessInstanceKey()).update();
      }
    }
  }

  private void incident(Record<?> record, IncidentRecordValue value, Timestamp at) {
    if (record.getIntent() == IncidentIntent.CREATED) {
      String message = value.getErrorMessage();
      jdbc.sql("""
              insert into incident(incident_key, process_instance_key, element_id, job_key, job_type, error_type,
                error_message, state, created_at) values (:k, :pi, :e, :job, :type, :et, :m, 'ACTIVE', :at)
              on conflict do nothing""")
          .param("k", record.getKey()).param("pi", value.getProcessInstanceKey()).param("e", value.getElementId())
          .param("job", value.getJobKey() > 0 ? value.getJobKey() : null)
          .param("type", value.getJobKey() > 0 ? jobTypes.get(value.getJobKey()) : null)
          .param("et", value.getErrorType().name())
          .param("m", message == null || message.length() <= 3900 ? message : message.substring(0, 3900) + "…")
          .param("at", at).update();
    } else if (record.getIntent() == IncidentIntent.RESOLVED) {
      jdbc.sql("update incident set state = 'RESOLVED', resolved_at = :at where incident_key = :k")
          .param("at", at).param("k", record.getKey()).update();
    }
  }

  private void variable(Record<?> record, VariableRecordValue value, Timestamp at) {
    if (record.getIntent() != VariableIntent.CREATED && record.getIntent() != VariableIntent.UPDATED) {
      return;
    }
    String json = value.getValue();
    String shown = json.length() <= MAX_VALUE_CHARS ? json : json.substring(0, MAX_VALUE_CHARS) + "…";
    jdbc.sql("""
            insert into instance_variable(process_instance_key, scope_key, name, value, updated_at)
            values (:pi, :s, :n, :v, :at)
            on conflict (process_instance_key, scope_key, name) do update set value = excluded.value, updated_at = excluded.updated_at""")
        .param("pi", value.getProcessInstanceKey()).param("s", value.getScopeKey()).param("n", value.getName())
        .param("v", shown).param("at", at).update();
    String column = switch (value.getName()) {
      case "workspaceId" -> "workspace_id";
      case "subject" -> "subject";
      case "businessKey" -> "business_key";
      default -> null;
    };
    if (column == null || json.equals("null")
        || (column.equals("workspace_id") && ProcessVariants.workspaceOf(value.getBpmnProcessId()).isPresent())) {
      return; // a variant cannot move its instances into another workspace's monitor
    }
    boolean processScope = value.getScopeKey() == value.getProcessInstanceKey();
    Object parsed = column.equals("workspace_id") ? (Object) parseLong(json)
        : unquote(json, column.equals("subject") ? 256 : 64);
    // a value of the process scope wins; else the first one set inside it (e.g. per multi-instance target)
    jdbc.sql("update process_instance set " + column + " = :v where process_instance_key = :k"
            + (processScope ? "" : " and " + column + " is null"))
        .param("v", parsed).param("k", value.getProcessInstanceKey()).update();
  }

  private void job(Record<?> record, JobRecordValue value) {
    if (record.getIntent() == JobIntent.CREATED) {
      jobTypes.put(record.getKey(), value.getType());
    } else if (record.getIntent() == JobIntent.COMPLETED || record.getIntent() == JobIntent.CANCELED) {
      jobTypes.remove(record.getKey());
    }
  }

  private static Long parseLong(String json) {
    try {
      return (long) Double.parseDouble(json);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String unquote(String json, int max) {
    String text = json.startsWith("\"") && json.endsWith("\"") && json.length() >= 2 ? json.substring(1, json.length() - 1) : json;
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
