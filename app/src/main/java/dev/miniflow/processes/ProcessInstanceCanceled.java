package dev.miniflow.processes;

/** An admin canceled a process instance: its open tasks are void. */
public record ProcessInstanceCanceled(long processInstanceKey, String bpmnProcessId, String canceledBy) {}
