package dev.miniflow.monitor;

import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admins' API over process instances and incidents of their workspaces. */
@RestController
@RequestMapping("/api/v1/monitor")
class MonitorApi {
  private final ProcessMonitor monitor;
  private final IncidentFixes fixes;
  private final InstanceModifications modifications;
  private final InstanceMigrations migrations;

  MonitorApi(ProcessMonitor monitor, IncidentFixes fixes, InstanceModifications modifications,
      InstanceMigrations migrations) {
    this.monitor = monitor;
    this.fixes = fixes;
    this.modifications = modifications;
    this.migrations = migrations;
  }

  record Move(String from, String to) {}

  /**
   * Moves the token at {@code from} to {@code to} (element ids of the same sub-process). Refused
   * (409) when it would skip a step or a review, or open a decision already taken.
   */
  @PostMapping("/instances/{key}/move")
  InstanceModifications.Moved move(@PathVariable long key,
      @org.springframework.web.bind.annotation.RequestBody Move body) {
    return modifications.move(key, body.from(), body.to());
  }

  /** Body: {"targetDefinitionKey": 2251…}; each active element goes on from the element of the same id. */
  record Migration(Long targetDefinitionKey) {}

  /**
   * Previews migrating a process instance to another version. Per active element its counterpart, per open task
   * whether it is kept; changes nothing. Workspace admins only.
   */
  @PostMapping("/instances/{key}/migration-preview")
  InstanceMigrations.MigrationPreview migrationPreview(@PathVariable long key,
      @org.springframework.web.bind.annotation.RequestBody Migration body) {
    return migrations.preview(key, body.targetDefinitionKey());
  }

  /**
   * Migrates a process instance to another deployed version of its process. Body: {"targetDefinitionKey"}; refused
   * (409) where the preview finds an element without counterpart. Workspace admins only.
   */
  @PostMapping("/instances/{key}/migrate")
  InstanceMigrations.Migrated migrate(@PathVariable long key,
      @org.springframework.web.bind.annotation.RequestBody Migration body) {
    return migrations.migrate(key, body.targetDefinitionKey());
  }

  /**
   * Searches the process instances of the workspaces the caller administers. Filters: process, state, q (subject or
   * business key), from, to; latest first. Workspace admins only.
   */
  @GetMapping("/instances")
  List<InstanceHistory.Instance> instances(@RequestParam(required = false) String process,
      @RequestParam(required = false) InstanceState state, @RequestParam(required = false) String q,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(defaultValue = "0") int page) {
    return monitor.instances(new InstanceHistory.Filter(process, state == null ? null : state.name(), q, from, to),
        page, MonitorPages.PAGE_SIZE);
  }

  /**
   * Reads one process instance. Its path so far, open tasks, variables and incidents; for admins of its workspace.
   */
  @GetMapping("/instances/{key}")
  ProcessMonitor.InstanceDetail instance(@PathVariable long key) {
    return monitor.detail(key);
  }

  /**
   * Cancels a running process instance. 202: the engine cancels it and the subject is marked canceled; for admins of
   * its workspace.
   */
  @PostMapping("/instances/{key}/cancel")
  ResponseEntity<Void> cancel(@PathVariable long key) {
    monitor.cancel(key);
    return ResponseEntity.accepted().build();
  }

  /** The variables this instance's process lets an admin change to fix an incident. */
  @GetMapping("/instances/{key}/variables/editable")
  java.util.Set<String> editableVariables(@PathVariable long key) {
    return fixes.editable(monitor.instance(key));
  }

  record VariableFix(List<IncidentFixes.Change> changes, boolean retry) {}

  /**
   * Changes variables of an instance to fix an incident. Body: {"changes": [{"name": "reviewDueIn", "value":
   * "PT48H"}], "retry": true}. Only on an instance with an open incident, only variables its process declares
   * editable; with retry, its open incidents are retried after the change. For admins of its workspace.
   */
  @PostMapping("/instances/{key}/variables")
  IncidentFixes.Fixed fixVariables(@PathVariable long key,
      @org.springframework.web.bind.annotation.RequestBody VariableFix body) {
    return fixes.fix(key, body.changes(), body.retry());
  }

  /** Lists the open incidents of the workspaces the caller administers. Workspace admins only. */
  @GetMapping("/incidents")
  List<InstanceHistory.Incident> incidents() {
    return monitor.openIncidents();
  }

  /** Retries the job behind an open incident. 202: the engine runs the job again; for admins of its workspace. */
  @PostMapping("/incidents/{key}/retry")
  ResponseEntity<Void> retry(@PathVariable long key) {
    monitor.retry(key);
    return ResponseEntity.accepted().build();
  }

  enum InstanceState { ACTIVE, INCIDENT, COMPLETED, CANCELED }
}
