package dev.miniflow.testing;

import dev.miniflow.tasklist.TaskResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.engine.embedded.EmbeddedEngine;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.TimerIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.TimerRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The in-process engine for process path tests, without Spring or PostgreSQL: deploys one model of
 * {@code bpmn/} with the forms it links from {@code forms/}, plays the workers' and people's part
 * (jobs taken by type, completed, failed or ended with a BPMN error) and reads the path an instance
 * took from the engine's own records. One per test class: a start costs seconds, and two engines
 * in one JVM corrupt each other's answers ({@link EmbeddedEngine} refuses the second).
 */
public final class PathEngine implements AutoCloseable {
  public static final String USER_TASK = "io.camunda.zeebe:userTask";
  private static final Path BPMN = Path.of("..", "bpmn");
  private static final Path FORMS = Path.of("..", "forms");
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** A job taken here stays ours until the test completes it, however far the clock is moved. */
  private static final Duration HELD = Duration.ofDays(3650);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ZeebeTestEngine engine;
  private final CamundaClient client;
  private final BpmnModelInstance model;
  private final Map<Long, JsonNode> forms = new HashMap<>();
  private final List<ActivatedJob> taken = new ArrayList<>();
  private Duration advanced = Duration.ZERO;
  /** Whether something was sent since the engine was last seen at rest. */
  private boolean sent = true;

  private PathEngine(ZeebeTestEngine engine, BpmnModelInstance model) {
    this.engine = engine;
    this.model = model;
    this.client = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://" + EmbeddedEngine.gatewayAddress(engine)))
        .preferRestOverGrpc(false) // the in-process engine has no REST API
        .useDefaultRetryPolicy(false)
        .build();
  }

  /** Starts an engine and deploys {@code bpmn/<file>} with every form it links (a missing one fails here). */
  public static PathEngine start(String file) {
    // a cached Spring context of an earlier test class holds the JVM's one engine
    OneEngineAtATime.closeCachedContext();
    ZeebeTestEngine engine = EmbeddedEngine.create(Path.of("target", "path-engine"));
    PathEngine paths = null;
    try {
      engine.start();
      paths = new PathEngine(engine, Bpmn.readModelFromFile(BPMN.resolve(file).toFile()));
      paths.deploy(file);
      return paths;
    } catch (RuntimeException | Error e) {
      if (paths != null) {
        paths.client.close();
      }
      EmbeddedEngine.stop(engine);
      throw e;
    }
  }

  private void deploy(String file) {
    Set<String> linked = model.getModelElementsByType(ZeebeFormDefinition.class).stream()
        .map(ZeebeFormDefinition::getFormId).collect(Collectors.toCollection(TreeSet::new));
    Map<String, Path> formFiles = new HashMap<>();
    try (Stream<Path> files = Files.list(FORMS)) {
      for (Path form : files.filter(f -> f.toString().endsWith(".form")).toList()) {
        formFiles.put(JSON.readTree(form.toFile()).path("id").asText(), form);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(formFiles.keySet()).as("forms under forms/ for the ones " + file + " links").containsAll(linked);
    DeployResourceCommandStep2 deploy =
        client.newDeployResourceCommand().addResourceFile(BPMN.resolve(file).toString());
    for (String id : linked) {
      deploy = deploy.addResourceFile(formFiles.get(id).toString());
    }
    DeploymentEvent deployed = deploy.send().join();
    for (var form : deployed.getForm()) {
      try {
        forms.put(form.getFormKey(), JSON.readTree(formFiles.get(form.getFormId()).toFile()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() {
    client.close();
    EmbeddedEngine.stop(engine);
  }

  // --- starting and telling, as the code does

  public long start(String processId, Map<String, Object> variables) {
    sent = true;
    return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variables)
        .send().join().getProcessInstanceKey();
  }

  /** A start at an element, as the recovery after an engine restart does it. */
  public long startAt(String processId, String elementId, Map<String, Object> variables) {
    known(elementId);
    sent = true;
    return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
        .startBeforeElement(elementId).variables(variables).send().join().getProcessInstanceKey();
  }

  /** As EngineCommands.publish: the id as correlation key, kept a day. */
  public void publish(String message, long correlationKey) {
    sent = true;
    client.newPublishMessageCommand().messageName(message).correlationKey(String.valueOf(correlationKey))
        .messageId(java.util.UUID.randomUUID().toString()).timeToLive(Duration.ofDays(1)).send().join();
  }

  /** Moves the engine's clock (timers, job back-offs, FEEL's now()). */
  public void increaseTime(Duration by) {
    sent = true;
    engine.increaseTime(by);
    advanced = advanced.plus(by);
  }

  /** The engine's time now: the JVM's clock plus what the tests moved it by. */
  public Instant now() {
    return Instant.now().plus(advanced);
  }

  // --- the workers' part

  /** The job of this type the instance has (waiting for it to be created), taken as its worker would. */
  public ActivatedJob job(long instanceKey, String type) {
    return job(instanceKey, type, j -> true);
  }

  /** As {@link #job(long, String)}, the one that matches (in a multi-instance: of one pass). */
  public ActivatedJob job(long instanceKey, String type, Predicate<ActivatedJob> which) {
    long until = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Optional<ActivatedJob> job = takenJob(instanceKey, type, which);
      if (job.isEmpty()) {
        sent = true;
        taken.addAll(client.newActivateJobsCommand().jobType(type).maxJobsToActivate(100).timeout(HELD)
            .send().join().getJobs());
        job = takenJob(instanceKey, type, which);
      }
      if (job.isPresent()) {
        return job.get(); // ours until completed, failed or ended with an error
      }
      if (System.nanoTime() > until) {
        return org.assertj.core.api.Assertions.fail("No job of type " + type + " for instance " + instanceKey
            + "; it is at " + active(instanceKey) + ", incidents " + incidents(instanceKey));
      }
      pause();
    }
  }

  /** Jobs taken earlier (of other instances too) that the engine has not canceled since. */
  private Optional<ActivatedJob> takenJob(long instanceKey, String type, Predicate<ActivatedJob> which) {
    Set<Long> canceled = records(ValueType.JOB).filter(r -> r.getIntent() == JobIntent.CANCELED)
        .map(Record::getKey).collect(Collectors.toSet());
    taken.removeIf(j -> canceled.contains(j.getKey()));
    return taken.stream().filter(j -> j.getProcessInstanceKey() == instanceKey && j.getType().equals(type))
        .filter(which).findFirst();
  }

  /** Takes the instance's job of this type and completes it with what the worker returns. */
  public ActivatedJob complete(long instanceKey, String type, Map<String, Object> variables) {
    return complete(instanceKey, type, j -> true, variables);
  }

  public ActivatedJob complete(long instanceKey, String type) {
    return complete(instanceKey, type, Map.of());
  }

  public ActivatedJob complete(long instanceKey, String type, Predicate<ActivatedJob> which) {
    return complete(instanceKey, type, which, Map.of());
  }

  public ActivatedJob complete(long instanceKey, String type, Predicate<ActivatedJob> which,
      Map<String, Object> variables) {
    ActivatedJob job = job(instanceKey, type, which);
    complete(job, variables);
    return job;
  }

  public void complete(ActivatedJob job, Map<String, Object> variables) {
    sent = true;
    taken.removeIf(j -> j.getKey() == job.getKey());
    client.newCompleteCommand(job.getKey()).variables(variables).send().join();
  }

  /** A worker's CamundaError.bpmnError. */
  public void throwError(ActivatedJob job, String errorCode, Map<String, Object> variables) {
    sent = true;
    taken.removeIf(j -> j.getKey() == job.getKey());
    client.newThrowErrorCommand(job.getKey()).errorCode(errorCode).errorMessage(errorCode).variables(variables)
        .send().join();
  }

  /** A worker's CamundaError.jobError: {@code retries} left, handed out again after {@code backoff}. */
  public void fail(ActivatedJob job, int retries, Duration backoff) {
    sent = true;
    taken.removeIf(j -> j.getKey() == job.getKey());
    client.newFailCommand(job.getKey()).retries(retries).retryBackoff(backoff).errorMessage("failed in the test")
        .send().join();
  }

  /** Whether a worker asking for jobs of this type now would get one of the instance's (besides those taken). */
  public boolean jobAvailable(long instanceKey, String type) {
    idle();
    sent = true;
    List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(100).timeout(HELD)
        .send().join().getJobs();
    taken.addAll(jobs);
    return jobs.stream().anyMatch(j -> j.getProcessInstanceKey() == instanceKey);
  }

  // --- the people's part

  /** The instance's open user task (a job-worker user task, as the task list takes it). */
  public ActivatedJob userTask(long instanceKey) {
    return job(instanceKey, USER_TASK);
  }

  /** The form the task links (its deployed form key header), as form-js JSON. */
  public JsonNode form(ActivatedJob task) {
    String key = task.getCustomHeaders().get("io.camunda.zeebe:formKey");
    assertThat(key).as("the task " + task.getElementId() + " links a form").isNotNull();
    return forms.get(Long.parseLong(key));
  }

  /**
   * A person completes the task with these form values, as the task list does: only the form's
   * fields, an option field only with one of its options, unchecked boxes false, and who did it.
   */
  public void decide(ActivatedJob task, String user, Map<String, Object> values) {
    Map<String, Object> variables = new LinkedHashMap<>();
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    form(task).path("components").forEach(c -> fields.put(c.path("key").asText(), c));
    assertThat(fields.keySet()).as("fields of the form of " + task.getElementId()).containsAll(values.keySet());
    fields.forEach((key, field) -> {
      Object value = values.get(key);
      if (field.path("type").asText().equals("checkbox")) {
        variables.put(key, Boolean.TRUE.equals(value));
        return;
      }
      if (field.path("validate").path("required").asBoolean(false)) {
        assertThat(value).as("required field " + key).isNotNull();
      }
      if (value != null && field.has("values")) {
        List<String> options = new ArrayList<>();
        field.path("values").forEach(v -> options.add(v.path("value").asText()));
        assertThat(options).as("options of " + key).contains(String.valueOf(value));
      }
      if (value != null) {
        variables.put(key, value);
      }
    });
    variables.put(TaskResult.COMPLETED_BY, user); // the same name in every process (ProcessNamesTest)
    complete(task, variables);
  }

  public void decide(long instanceKey, String user, Map<String, Object> values) {
    decide(userTask(instanceKey), user, values);
  }

  // --- the path taken (each read waits until the engine is at rest)

  /** The element ids completed within the scope (an instance, or one pass of a multi-instance), in order. */
  public List<String> completed(long scopeKey) {
    return snapshot().within(scopeKey, ProcessInstanceIntent.ELEMENT_COMPLETED);
  }

  /** The element ids entered within the scope, in order. */
  public List<String> activated(long scopeKey) {
    return snapshot().within(scopeKey, ProcessInstanceIntent.ELEMENT_ACTIVATED);
  }

  /** The elements of the scope active now (where it waits). */
  public List<String> active(long scopeKey) {
    Snapshot now = snapshot();
    List<String> entered = new ArrayList<>(now.within(scopeKey, ProcessInstanceIntent.ELEMENT_ACTIVATED));
    now.within(scopeKey, ProcessInstanceIntent.ELEMENT_COMPLETED).forEach(entered::remove);
    now.within(scopeKey, ProcessInstanceIntent.ELEMENT_TERMINATED).forEach(entered::remove);
    return entered;
  }

  /** Asserts these elements were completed within the scope, in this order (others may lie between). */
  public void assertPassed(long scopeKey, String... elementIds) {
    for (String id : elementIds) {
      known(id);
    }
    assertThat(completed(scopeKey)).as("elements completed in " + scopeKey).containsSubsequence(elementIds);
  }

  /** Asserts the scope never entered these elements (each one is in the model, so a rename cannot pass this). */
  public void assertNever(long scopeKey, String... elementIds) {
    for (String id : elementIds) {
      known(id);
    }
    assertThat(activated(scopeKey)).as("elements entered in " + scopeKey).doesNotContain(elementIds);
  }

  /** Waits until the scope reached an end event of its own, and asserts it is this one and the only one. */
  public void assertEndedAt(long scopeKey, String endEventId) {
    known(endEventId);
    await(() -> !endEvents(scopeKey).isEmpty(), () -> "an end event in " + scopeKey + "; it is at " + active(scopeKey)
        + ", incidents " + incidents(processInstanceOf(scopeKey)));
    assertThat(endEvents(scopeKey)).as("end events reached in " + scopeKey).containsExactly(endEventId);
  }

  /** Waits until the instance (the process itself) has completed. */
  public void assertInstanceCompleted(long instanceKey) {
    await(() -> snapshot().records.stream().anyMatch(r -> r.getKey() == instanceKey
        && r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED), () -> "instance " + instanceKey
            + " completed; it is at " + active(instanceKey) + ", incidents " + incidents(instanceKey));
  }

  /**
   * The end events the scope reached itself or in its event subprocesses, not those of the
   * subprocesses within it (a release's end, not each target app's).
   */
  public List<String> endEvents(long scopeKey) {
    Snapshot now = snapshot();
    return now.records.stream().filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
        && r.getValue().getBpmnElementType() == BpmnElementType.END_EVENT && now.own(r, scopeKey))
        .map(r -> r.getValue().getElementId()).toList();
  }

  /** The flow scope the job's element runs in: for a multi-instance, its own pass. */
  public long scopeOf(ActivatedJob job) {
    return snapshot().records.stream().filter(r -> r.getKey() == job.getElementInstanceKey()).findFirst()
        .map(r -> r.getValue().getFlowScopeKey()).orElseThrow();
  }

  private long processInstanceOf(long scopeKey) {
    return snapshot().records.stream().filter(r -> r.getKey() == scopeKey).findFirst()
        .map(r -> r.getValue().getProcessInstanceKey()).orElse(scopeKey);
  }

  /** The last value (JSON) of a variable in exactly this scope, or null. */
  public String variable(long scopeKey, String name) {
    idle();
    return records(ValueType.VARIABLE).map(r -> (VariableRecordValue) r.getValue())
        .filter(v -> v.getScopeKey() == scopeKey && v.getName().equals(name))
        .reduce((a, b) -> b).map(VariableRecordValue::getValue).orElse(null);
  }

  /** When the timer of this element in the instance (the last one created) is due. */
  public Instant timerDue(long instanceKey, String elementId) {
    known(elementId);
    await(() -> timers(instanceKey, elementId).findAny().isPresent(), () -> "a timer " + elementId);
    return timers(instanceKey, elementId).reduce((a, b) -> b).map(t -> Instant.ofEpochMilli(t.getDueDate()))
        .orElseThrow();
  }

  private Stream<TimerRecordValue> timers(long instanceKey, String elementId) {
    return records(ValueType.TIMER).filter(r -> r.getIntent() == TimerIntent.CREATED)
        .map(r -> (TimerRecordValue) r.getValue())
        .filter(t -> t.getProcessInstanceKey() == instanceKey && t.getTargetElementId().equals(elementId));
  }

  /** The incidents raised in the instance: element id, error type and message. */
  public List<String> incidents(long instanceKey) {
    idle();
    return records(ValueType.INCIDENT).filter(r -> r.getIntent() == IncidentIntent.CREATED)
        .map(r -> (IncidentRecordValue) r.getValue()).filter(i -> i.getProcessInstanceKey() == instanceKey)
        .map(i -> i.getElementId() + ": " + i.getErrorType() + " " + i.getErrorMessage()).toList();
  }

  /** Fails unless the model has this element: a path assertion about a renamed one must not pass. */
  public String known(String elementId) {
    assertThat((Object) model.getModelElementById(elementId)).as("element " + elementId + " in the model")
        .isInstanceOf(FlowElement.class);
    return elementId;
  }

  /** The element events so far, with each element instance's flow scope and type. */
  private Snapshot snapshot() {
    idle();
    @SuppressWarnings("unchecked")
    List<Record<ProcessInstanceRecordValue>> records = records(ValueType.PROCESS_INSTANCE)
        .filter(r -> r.getRecordType() == RecordType.EVENT)
        .map(r -> (Record<ProcessInstanceRecordValue>) (Record<?>) r).toList();
    Map<Long, Long> parents = new HashMap<>();
    Map<Long, BpmnElementType> types = new HashMap<>();
    records.forEach(r -> {
      parents.put(r.getKey(), r.getValue().getFlowScopeKey());
      types.put(r.getKey(), r.getValue().getBpmnElementType());
    });
    return new Snapshot(records, parents, types);
  }

  private record Snapshot(List<Record<ProcessInstanceRecordValue>> records, Map<Long, Long> parents,
      Map<Long, BpmnElementType> types) {
    List<String> within(long scopeKey, ProcessInstanceIntent intent) {
      return records.stream().filter(r -> r.getIntent() == intent && r.getKey() != scopeKey
          && r.getValue().getBpmnElementType() != BpmnElementType.SEQUENCE_FLOW && inside(r, scopeKey, false))
          .map(r -> r.getValue().getElementId()).toList();
    }

    boolean own(Record<ProcessInstanceRecordValue> record, long scopeKey) {
      return inside(record, scopeKey, true);
    }

    /** Whether the scope is one of the element's flow scopes (with {@code own}: only event subprocesses between). */
    private boolean inside(Record<ProcessInstanceRecordValue> record, long scopeKey, boolean own) {
      for (Long key = record.getValue().getFlowScopeKey(); key != null && key > 0; key = parents.get(key)) {
        if (key == scopeKey) {
          return true;
        }
        if (own && types.get(key) != BpmnElementType.EVENT_SUB_PROCESS) {
          return false;
        }
      }
      return false;
    }
  }

  private Stream<Record<?>> records(ValueType type) {
    List<Record<?>> all = new ArrayList<>();
    engine.getRecordStreamSource().getRecords().forEach(all::add);
    return all.stream().filter(r -> r.getValueType() == type);
  }

  /** Waits until the engine has processed everything sent to it (a check costs ~100 ms, so only after a send). */
  public void idle() {
    if (!sent) {
      return;
    }
    try {
      engine.waitForIdleState(WAIT);
      sent = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("The engine did not come to rest in " + WAIT, e);
    }
  }

  private void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
    long until = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        org.assertj.core.api.Assertions.fail("Waited " + WAIT + " for " + what.get());
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
