package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.authorization.AuthorizationProcess;
import dev.miniflow.release.ReleaseProcess;
import dev.miniflow.removal.RemovalProcess;
import dev.miniflow.tasklist.TaskResult;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.Error;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every name the code shares with a process model is in that model: process ids, job types,
 * messages, error codes, the elements recovery starts at, the variables (in the model or its
 * forms) and the decisions (the forms' options). Renaming one in a `.bpmn` file fails here, not in a journey test or in production.
 * No Spring, no engine.
 */
class ProcessNamesTest {
  static final Path BPMN = Path.of("..", "bpmn");
  static final Path FORMS = Path.of("..", "forms");
  /** Written and read by Miniflow itself, never by a model: nothing in a file to match. */
  static final Set<String> CODE_ONLY_VARIABLES = Set.of(
      "workspaceId", // written at the start for the monitor's listing; never trusted
      TaskResult.COMPLETED_BY); // written by the task list with each completion, read by the recording step

  @Test
  void releaseNamesAreInReleaseBpmn() throws Exception {
    assertNamesIn(ReleaseProcess.class, "release.bpmn");
  }

  @Test
  void authorizationNamesAreInAuthorizationBpmn() throws Exception {
    assertNamesIn(AuthorizationProcess.class, "authorization.bpmn");
  }

  @Test
  void featurePermissionNamesAreInFeaturePermissionBpmn() throws Exception {
    assertNamesIn(dev.miniflow.capability.FeaturePermissionProcess.class, "feature-permission.bpmn");
  }

  @Test
  void listingChangeNamesAreInListingChangeBpmn() throws Exception {
    assertNamesIn(dev.miniflow.listing.ListingChangeProcess.class, "listing-change.bpmn");
  }

  @Test
  void removalNamesAreInTheRemovalModels() throws Exception {
    assertNamesIn(RemovalProcess.class, "removal.bpmn", "force-removal.bpmn");
  }

  /** The task list hands every process a task's decision and comment ({@link TaskResult}): each review form asks for them and each model routes on the decision. */
  @Test
  void everyReviewFormAndModelUsesTheTaskResultNames() throws Exception {
    try (Stream<Path> files = Files.list(FORMS)) {
      for (Path form : files.toList()) {
        assertThat(Files.readString(form)).as(form.toString())
            .contains("\"key\": \"" + TaskResult.DECISION + "\"").contains("\"key\": \"" + TaskResult.COMMENT + "\"");
      }
    }
    try (Stream<Path> files = Files.list(BPMN)) {
      for (Path model : files.toList()) {
        assertThat(mentions(Files.readString(model), TaskResult.DECISION)).as(model.toString()).isTrue();
      }
    }
    assertThat(CODE_ONLY_VARIABLES).contains(TaskResult.COMPLETED_BY);
  }

  private static void assertNamesIn(Class<?> names, String... files) throws Exception {
    Set<String> processes = new HashSet<>();
    Set<String> elements = new HashSet<>();
    Set<String> messages = new HashSet<>();
    Set<String> errors = new HashSet<>();
    Set<String> jobTypes = new HashSet<>();
    StringBuilder text = new StringBuilder();
    for (String file : files) {
      BpmnModelInstance model = Bpmn.readModelFromFile(BPMN.resolve(file).toFile());
      model.getModelElementsByType(Process.class).forEach(p -> processes.add(p.getId()));
      model.getModelElementsByType(FlowElement.class).stream().map(BaseElement::getId).forEach(elements::add);
      model.getModelElementsByType(Message.class).forEach(m -> messages.add(m.getName()));
      model.getModelElementsByType(Error.class).forEach(e -> errors.add(e.getErrorCode()));
      model.getModelElementsByType(ZeebeTaskDefinition.class).forEach(t -> jobTypes.add(t.getType()));
      text.append(Files.readString(BPMN.resolve(file)));
    }
    String forms = forms();
    List<String> missing = new ArrayList<>();
    for (Field field : names.getFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
        continue;
      }
      String name = field.getName();
      String value = (String) field.get(null);
      boolean found;
      if (name.startsWith("MESSAGE_")) {
        found = messages.contains(value);
      } else if (name.startsWith("ERROR_")) {
        found = errors.contains(value);
      } else if (name.startsWith("ELEMENT_")) {
        found = elements.contains(value);
      } else if (name.startsWith("DECISION_")) {
        found = forms.contains("\"value\": \"" + value + "\"");
      } else if (name.startsWith("VAR_")) {
        found = CODE_ONLY_VARIABLES.contains(value) || mentions(text, value) || mentions(forms, value);
      } else if (name.endsWith("_ID")) {
        found = processes.contains(value);
      } else {
        found = jobTypes.contains(value);
      }
      if (!found) {
        missing.add(names.getSimpleName() + "." + name + " = \"" + value + "\"");
      }
    }
    assertThat(missing).as("names the code uses that %s do not have", String.join(", ", files)).isEmpty();
  }

  private static boolean mentions(CharSequence text, String variable) {
    return java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(variable) + "\\b").matcher(text)
        .find();
  }

  private static String forms() throws IOException {
    try (Stream<Path> files = Files.list(FORMS)) {
      return files.map(f -> {
        try {
          return Files.readString(f);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).collect(Collectors.joining("\n"));
    }
  }
}
