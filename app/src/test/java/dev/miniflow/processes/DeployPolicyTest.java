package dev.miniflow.processes;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The deploy policy on its own (no Spring, no engine): what a process owner may change, and the message they get. */
class DeployPolicyTest {
  /** Every job type the shipped processes use: the workers Miniflow has. */
  static final Set<String> WORKERS = workers();
  /** Where the features' recovery starts instances again, as they declare it. */
  static final java.util.Map<String, Set<String>> RESTART_POINTS = new java.util.HashMap<>(
      dev.miniflow.authorization.AuthorizationProcess.RESTART_POINTS);

  static {
    RESTART_POINTS.putAll(dev.miniflow.removal.RemovalProcess.RESTART_POINTS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"release", "authorization", "removal", "force-removal"})
  void everyPlatformDefaultKeepsThePolicy(String processId) throws IOException {
    assertThat(problems(shipped(processId))).isEmpty();
  }

  @Test
  void aProcessMiniflowNeverStartsIsRefused() throws IOException {
    String xml = shipped("release").replace("id=\"release\"", "id=\"my-own\"");
    assertThat(messages(xml)).singleElement().asString().contains("Miniflow starts only its own processes")
        .contains("release, removal");
  }

  @Test
  void aTimerOrMessageStartEventOfItsOwnIsRefused() throws IOException {
    String timer = timerStart(shipped("release"));
    assertThat(problems(timer)).anySatisfy(p -> {
      assertThat(p.elementId()).isEqualTo("ReleaseRequested");
      assertThat(p.message()).contains("start event (timer)");
    });
  }

  @Test
  void stepsOfAnotherKindAndComputedJobTypesAreRefused() throws IOException {
    String foreign = shipped("release").replace("type=\"release.package\"", "type=\"removal.take-offline\"");
    assertThat(messages(foreign)).anyMatch(m -> m.contains("'removal.take-offline' is a step of another kind"))
        .anyMatch(m -> m.contains("'release.package'; Miniflow relies on it"));
    String computed = shipped("release").replace("type=\"release.notify\"", "type=\"=stepType\"");
    assertThat(messages(computed)).anyMatch(m -> m.contains("must be written out, not computed ('=stepType')"));
  }

  @Test
  void everyHumanStepHasADeployedFormAndWorkspaceRoles() throws IOException {
    String release = shipped("release");
    assertThat(messages(release.replace("<zeebe:formDefinition formId=\"release-review\" />", "")))
        .anyMatch(m -> m.contains("Link a deployed form"));
    assertThat(messages(release.replace("candidateGroups=\"reviewers\"", "candidateGroups=\"everyone\"")))
        .anyMatch(m -> m.contains("Candidate groups must be workspace roles") && m.contains("'everyone'"));
    assertThat(messages(release.replace("candidateGroups=\"reviewers\"", "candidateGroups=\"=groups\""))).isNotEmpty();
    assertThat(messages(
        release.replace("candidateGroups=\"reviewers\"", "candidateGroups=\"reviewers\" candidateUsers=\"mallory\"")))
        .anyMatch(m -> m.contains("Candidate users 'mallory'"));
    assertThat(messages(release.replace("candidateGroups=\"reviewers\"", "candidateGroups=\"operators\""))).isEmpty();
    assertThat(problems(release.replace("formId=\"release-review\"", "formId=\"missing\""), id -> false))
        .anyMatch(p -> p.message().contains("'missing' is not deployed"));
  }

  @Test
  void aMultiInstanceRunsOnlyOverWhatMiniflowStartedTheInstanceWith() throws IOException {
    String xml = shipped("release").replace("inputCollection=\"=releaseIds\"", "inputCollection=\"=[1, 2, 3]\"");
    assertThat(messages(xml)).anyMatch(m -> m.contains("only over =releaseIds, not '=[1, 2, 3]'"));
  }

  @Test
  void writtenOutTimersWaitAtLeastAMinuteAndRestartPointsStay() throws IOException {
    String authorization = shipped("authorization");
    assertThat(messages(authorization.replace("=duration(reviewWithin)", "PT5S")))
        .anyMatch(m -> m.contains("'PT5S' is shorter"));
    assertThat(messages(authorization.replace("=duration(reviewWithin)", "PT2H"))).isEmpty();
    assertThat(messages(authorization.replace("id=\"GrantActive\"", "id=\"Elsewhere\"")
        .replace("\"GrantActive\"", "\"Elsewhere\"")))
        .anyMatch(m -> m.contains("Keep the element 'GrantActive'"));
  }

  @Test
  void aProcessHasAtMostSoManyElements() throws IOException {
    StringBuilder tasks = new StringBuilder();
    for (int i = 0; i < DeployPolicy.MAX_ELEMENTS; i++) {
      tasks.append("<bpmn:task id=\"Extra").append(i).append("\" />");
    }
    String xml = shipped("removal").replace("</bpmn:process>", tasks + "</bpmn:process>");
    assertThat(messages(xml)).anyMatch(m -> m.contains("at most " + DeployPolicy.MAX_ELEMENTS));
  }

  /** The release process with its start event made a timer start dated in the past. */
  static String timerStart(String release) {
    return release.replaceFirst("<bpmn:outgoing>Flow_ToTargets</bpmn:outgoing>",
        "<bpmn:outgoing>Flow_ToTargets</bpmn:outgoing>"
            + "<bpmn:timerEventDefinition><bpmn:timeDate>2020-01-01T00:00:00Z</bpmn:timeDate></bpmn:timerEventDefinition>");
  }

  private static String shipped(String processId) throws IOException {
    return Files.readString(Path.of("../bpmn", processId + ".bpmn"));
  }

  private static List<ModelProblem> problems(String xml) {
    return problems(xml, id -> true);
  }

  private static List<ModelProblem> problems(String xml, java.util.function.Predicate<String> formExists) {
    return ProcessModelCheck.check(xml, WORKERS, RESTART_POINTS, formExists).problems();
  }

  private static List<String> messages(String xml) {
    return problems(xml).stream().map(ModelProblem::message).toList();
  }

  private static Set<String> workers() {
    Set<String> types = new TreeSet<>();
    PlatformProcesses.all().values().forEach(model -> model.getModelElementsByType(ServiceTask.class)
        .forEach(task -> types.add(task.getSingleExtensionElement(ZeebeTaskDefinition.class).getType())));
    return types;
  }
}
