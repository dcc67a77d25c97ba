package dev.miniflow.bench;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an in-process engine's own record log says about one process: when its instances
 * completed, and when each user task was reached. Both sides of the pipeline row read their end
 * point here, so both stop at the same event (the process instance completed) by the engine's
 * timestamp, not by when a poll noticed it.
 */
final class EngineRecords implements EngineTimes {
  static final String USER_TASK_JOB = "io.camunda.zeebe:userTask";

  private final ZeebeTestEngine engine;
  private final String processId;
  private int scanned;
  private long completed;
  private long lastCompletedAt;
  /** user task element instance key → when the engine reached it (ms) */
  private final Map<Long, Long> userTaskReached = new HashMap<>();
  /** user-task job key → its element instance key */
  private final Map<Long, Long> elementOfJob = new HashMap<>();

  EngineRecords(ZeebeTestEngine engine, String processId) {
    this.engine = engine;
    this.processId = processId;
  }

  /** Reads the records written since the last scan (the log only grows). */
  @SuppressWarnings("unchecked")
  synchronized void scan() {
    List<Record<?>> records = (List<Record<?>>) engine.getRecordStreamSource().getRecords();
    synchronized (records) {
      for (; scanned < records.size(); scanned++) {
        Record<?> record = records.get(scanned);
        if (record.getValue() instanceof ProcessInstanceRecordValue value
            && processId.equals(value.getBpmnProcessId())) {
          if (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
              && value.getBpmnElementType() == BpmnElementType.PROCESS) {
            completed++;
            lastCompletedAt = record.getTimestamp();
          } else if (record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATING
              && value.getBpmnElementType() == BpmnElementType.USER_TASK) {
            userTaskReached.put(record.getKey(), record.getTimestamp());
          }
        } else if (record.getValueType() == ValueType.JOB && record.getIntent() == JobIntent.CREATED
            && record.getValue() instanceof JobRecordValue job && USER_TASK_JOB.equals(job.getType())) {
          elementOfJob.put(record.getKey(), job.getElementInstanceKey());
        }
      }
    }
  }

  @Override
  public synchronized long completed() {
    scan();
    return completed;
  }

  @Override
  public synchronized long lastCompletedAt() {
    scan();
    return lastCompletedAt;
  }

  @Override
  public synchronized Long reachedByJob(long jobKey) {
    scan();
    Long element = elementOfJob.get(jobKey);
    return element == null ? null : userTaskReached.get(element);
  }

  @Override
  public synchronized Long reachedByElement(long elementInstanceKey) {
    scan();
    return userTaskReached.get(elementInstanceKey);
  }
}
