package dev.miniflow.projection;

import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.VariableIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Which engine records the monitor shows, and what each changes: the same for the exporter and the embedded feed. */
public final class RecordProjection {
  /** The value types the monitor reads; an exporter asks the broker for only these. */
  public static final Set<ValueType> VALUE_TYPES =
      EnumSet.of(ValueType.PROCESS_INSTANCE, ValueType.INCIDENT, ValueType.VARIABLE, ValueType.JOB);

  /** The elements whose durations are a step's in the dashboard: tasks and calls, not events or gateways. */
  static final Set<BpmnElementType> STEPS = EnumSet.of(BpmnElementType.USER_TASK, BpmnElementType.SERVICE_TASK,
      BpmnElementType.SEND_TASK, BpmnElementType.RECEIVE_TASK, BpmnElementType.SCRIPT_TASK,
      BpmnElementType.BUSINESS_RULE_TASK, BpmnElementType.CALL_ACTIVITY, BpmnElementType.MANUAL_TASK,
      BpmnElementType.TASK);

  static final int MAX_VALUE_CHARS = 8_000;
  static final int MAX_MESSAGE_CHARS = 3_900;
  /** Column widths: a model may name elements and variables longer than the tables allow. */
  static final int MAX_ID_CHARS = 128;
  static final int MAX_NAME_CHARS = 256;

  private RecordProjection() {}

  /** Events are facts; commands and rejections change nothing the monitor shows. */
  public static boolean accepts(RecordType type) {
    return type == RecordType.EVENT;
  }

  public static Optional<Change> of(Record<?> record) {
    if (!accepts(record.getRecordType())) {
      return Optional.empty();
    }
    long position = record.getPosition();
    Instant at = Instant.ofEpochMilli(record.getTimestamp());
    Intent intent = record.getIntent();
    return Optional.ofNullable(switch (record.getValue()) {
      case ProcessInstanceRecordValue value -> element(position, record.getKey(), intent, value, at);
      case IncidentRecordValue value -> incident(position, record.getKey(), intent, value, at);
      case VariableRecordValue value -> intent == VariableIntent.CREATED || intent == VariableIntent.UPDATED
          ? new Change.VariableSet(position, value.getProcessInstanceKey(), value.getScopeKey(),
              cut(value.getName(), MAX_NAME_CHARS), cut(value.getValue(), MAX_VALUE_CHARS), at)
          : null;
      case JobRecordValue value -> job(position, record.getKey(), intent, value, at);
      default -> null;
    });
  }

  private static Change element(long position, long key, Intent intent, ProcessInstanceRecordValue value, Instant at) {
    boolean instance = value.getBpmnElementType() == BpmnElementType.PROCESS;
    // activating, not activated: the variables an instance is created with are written in between
    if (intent == ProcessInstanceIntent.ELEMENT_ACTIVATING) {
      return instance
          ? new Change.InstanceStarted(position, value.getProcessInstanceKey(), value.getProcessDefinitionKey(),
              cut(value.getBpmnProcessId(), MAX_ID_CHARS), value.getVersion(), at)
          : new Change.ElementStarted(position, key, value.getProcessInstanceKey(), value.getFlowScopeKey(),
              cut(value.getElementId(), MAX_ID_CHARS),
              value.getBpmnElementType().name(), at);
    }
    if (intent == ProcessInstanceIntent.ELEMENT_MIGRATED) {
      return new Change.ElementMigrated(position, key, value.getProcessInstanceKey(), instance,
          value.getProcessDefinitionKey(), value.getVersion(), cut(value.getElementId(), MAX_ID_CHARS), at);
    }
    if (intent == ProcessInstanceIntent.ELEMENT_COMPLETED || intent == ProcessInstanceIntent.ELEMENT_TERMINATED) {
      boolean completed = intent == ProcessInstanceIntent.ELEMENT_COMPLETED;
      return new Change.ElementEnded(position, key, value.getProcessInstanceKey(), instance, completed,
          completed && (instance || STEPS.contains(value.getBpmnElementType())), at);
    }
    return null;
  }

  private static Change incident(long position, long key, Intent intent, IncidentRecordValue value, Instant at) {
    if (intent == IncidentIntent.CREATED) {
      return new Change.IncidentCreated(position, key, value.getProcessInstanceKey(),
          cut(value.getElementId(), MAX_ID_CHARS),
          value.getJobKey() > 0 ? value.getJobKey() : null, value.getErrorType().name(),
          value.getErrorMessage() == null ? null : cut(value.getErrorMessage(), MAX_MESSAGE_CHARS), at);
    }
    return intent == IncidentIntent.RESOLVED ? new Change.IncidentResolved(position, key, at) : null;
  }

  private static Change job(long position, long key, Intent intent, JobRecordValue value, Instant at) {
    if (intent == JobIntent.CREATED) {
      return new Change.JobCreated(position, key, value.getProcessInstanceKey(),
          cut(value.getElementId(), MAX_ID_CHARS),
          cut(value.getType(), MAX_ID_CHARS), value.getRetries(), at);
    }
    if (intent == JobIntent.FAILED || intent == JobIntent.RETRIES_UPDATED) {
      String message = value.getErrorMessage();
      return new Change.JobRetries(position, key, value.getRetries(), intent == JobIntent.FAILED,
          message == null || message.isEmpty() ? null : cut(message, MAX_MESSAGE_CHARS), at);
    }
    if (intent == JobIntent.COMPLETED || intent == JobIntent.CANCELED || intent == JobIntent.ERROR_THROWN) {
      return new Change.JobEnded(position, key, intent.name(), at);
    }
    return null;
  }

  /** At most {@code max} characters, without NUL (PostgreSQL refuses it in text): never a row the tables refuse. */
  static String cut(String text, int max) {
    String clean = text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
    return clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
  }
}
