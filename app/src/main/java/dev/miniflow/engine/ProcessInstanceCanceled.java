package dev.miniflow.engine;

/** An admin canceled a process instance: its open tasks are void. */
public record ProcessInstanceCanceled(long processInstanceKey, String bpmnProcessId, String canceledBy) {}
