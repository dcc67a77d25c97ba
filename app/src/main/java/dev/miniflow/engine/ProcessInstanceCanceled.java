package dev.miniflow.engine;

import org.springframework.modulith.NamedInterface;
/** An admin canceled a process instance: its open tasks are void. */
@NamedInterface("api")
public record ProcessInstanceCanceled(long processInstanceKey, String bpmnProcessId, String canceledBy) {}
