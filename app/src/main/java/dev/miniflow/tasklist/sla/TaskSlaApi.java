package dev.miniflow.tasklist.sla;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A workspace's due dates per process step and target app: members read them, process owners and admins set them. */
@RestController
class TaskSlaApi {
  private final TaskSchedules schedules;

  TaskSlaApi(TaskSchedules schedules) {
    this.schedules = schedules;
  }

  /** Lists a workspace's task SLAs. For its members. */
  @GetMapping("/api/v1/workspaces/{workspaceId}/slas")
  List<Sla> list(@PathVariable("workspaceId") long ws) {
    return schedules.list(ws);
  }

  /**
   * Sets the SLA of a process step. Body: {"processId", "elementId", "targetApp" (blank: any), "dueWithin": "PT24H",
   * "remindBefore": "PT2H"}; replaces the same step's. Process owners and admins.
   */
  @PutMapping("/api/v1/workspaces/{workspaceId}/slas")
  Sla set(@PathVariable("workspaceId") long ws, @RequestBody TaskSchedules.NewSla sla) {
    return schedules.set(ws, sla);
  }

  /** Removes a task SLA. Process owners and admins. */
  @DeleteMapping("/api/v1/workspaces/{workspaceId}/slas/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void remove(@PathVariable("workspaceId") long ws, @PathVariable long id) {
    schedules.remove(ws, id);
  }
}
