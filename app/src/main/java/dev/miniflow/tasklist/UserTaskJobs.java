package dev.miniflow.tasklist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.engine.EngineCommands;
import dev.miniflow.processes.FormCatalog;
import dev.miniflow.processes.ProcessCatalog;
import dev.miniflow.support.Problems;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.grpc.Status;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The task list's one way to the engine: what a user task job declares, in Zeebe's header names
 * and the few variables the task list reads, and completing the job with a decision.
 */
@Component
class UserTaskJobs {
  static final String HEADER_CANDIDATE_GROUPS = "io.camunda.zeebe:candidateGroups";
  static final String HEADER_CANDIDATE_USERS = "io.camunda.zeebe:candidateUsers";
  static final String HEADER_ASSIGNEE = "io.camunda.zeebe:assignee";
  static final String HEADER_FORM_KEY = "io.camunda.zeebe:formKey";
  static final String HEADER_DUE_DATE = "io.camunda.zeebe:dueDate";
  /** Optional priority 0..100 (higher first), as a header or a process variable; 50 when absent. */
  static final String HEADER_PRIORITY = "io.camunda.zeebe:priority";
  static final String VAR_PRIORITY = "priority";
  static final int DEFAULT_PRIORITY = 50;
  /**
   * The one variable the task list reads: which of the instance's objects a task is about (a
   * release of a multi-instance, say). Everything else comes from that object.
   */
  static final String VAR_BUSINESS_KEY = "businessKey";
  /** Added to the values a task is completed with (for the model's gateways; no worker trusts it). */

  private final CamundaClient engine;
  private final EngineCommands commands;
  private final FormCatalog forms;
  private final ProcessCatalog processes;
  private final ObjectMapper json;

  UserTaskJobs(CamundaClient engine, EngineCommands commands, FormCatalog forms, ProcessCatalog processes,
      ObjectMapper json) {
    this.engine = engine;
    this.commands = commands;
    this.forms = forms;
    this.processes = processes;
    this.json = json;
  }

  /** What the model says about the step: its name, who may take it, its form, due date and priority. */
  record Declared(String name, List<String> candidateGroups, List<String> candidateUsers, String assignee,
      Long formKey, Instant dueAt, int priority) {}

  Declared declared(ActivatedJob job) {
    Map<String, String> headers = job.getCustomHeaders();
    return new Declared(processes.elementName(job.getBpmnProcessId(), job.getElementId()),
        candidates(headers.get(HEADER_CANDIDATE_GROUPS)), candidates(headers.get(HEADER_CANDIDATE_USERS)),
        blankToNull(headers.get(HEADER_ASSIGNEE)), formKey(headers.get(HEADER_FORM_KEY)),
        dueDate(headers.get(HEADER_DUE_DATE)),
        priority(headers.get(HEADER_PRIORITY), job.getVariablesAsMap().get(VAR_PRIORITY)));
  }

  /**
   * Completes the task's job with its values and who completed it. Called inside the completing
   * transaction: an engine that does not take it is a problem, so nothing is recorded either.
   */
  void complete(long jobKey, Map<String, Object> values, String completedBy) {
    Map<String, Object> variables = new HashMap<>(values);
    variables.put(TaskResult.COMPLETED_BY, completedBy);
    try {
      commands.send(engine.newCompleteCommand(jobKey).variables(variables));
    } catch (ClientStatusException e) {
      if (e.getStatusCode() == Status.Code.NOT_FOUND) {
        throw Problems.conflict("This task no longer exists in its process (the instance may have been canceled).");
      }
      if (e.getStatusCode() == Status.Code.UNAVAILABLE || e.getStatusCode() == Status.Code.DEADLINE_EXCEEDED) {
        throw Problems
            .unavailable("The workflow engine is not reachable right now; nothing was recorded. Please try again.");
      }
      throw Problems
          .unavailable("The workflow engine did not take the decision; nothing was recorded. Please try again.");
    }
  }

  private static int priority(String header, Object variable) {
    Object value = header != null && !header.isBlank() ? header : variable;
    if (value == null) {
      return DEFAULT_PRIORITY;
    }
    try {
      return Math.clamp(Math.round(Double.parseDouble(value.toString().strip())), 0, 100);
    } catch (NumberFormatException e) {
      return DEFAULT_PRIORITY;
    }
  }

  /** A JSON array, as the modeler writes it, or a comma-separated list. */
  private List<String> candidates(String header) {
    if (header == null || header.isBlank()) {
      return List.of();
    }
    try {
      return List.of(json.readValue(header, String[].class));
    } catch (JsonProcessingException e) {
      return List.of(header.split("\\s*,\\s*"));
    }
  }

  /** A deployed form's key, or a form id linked by name (its latest version). */
  private Long formKey(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return forms.findLatest(header.strip()).map(f -> f.formKey()).orElse(null);
    }
  }

  private static Instant dueDate(String header) {
    return header == null || header.isBlank() ? null : OffsetDateTime.parse(header).toInstant();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
