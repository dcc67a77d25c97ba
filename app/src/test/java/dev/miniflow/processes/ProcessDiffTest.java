package dev.miniflow.processes;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The deploy diff of a draft of bpmn/release.bpmn against the shipped file (no Spring, no engine). */
class ProcessDiffTest {
  @Test
  void aDraftShowsWhatItAddsRemovesAndChangesElementByElement() throws Exception {
    String running = Files.readString(Path.of("../bpmn/release.bpmn"));
    String draft = running
        // a changed job type inside the multi-instance subprocess: that task changed, not the subprocess
        .replace("type=\"release.package\" retries=\"3\"", "type=\"release.package\" retries=\"5\"")
        // a renamed element
        .replace("name=\"Notify operators\"", "name=\"Tell the operators\"")
        // the reminder path removed
        .replace("<bpmn:endEvent id=\"Reminded\" name=\"Reminded\">",
            "<bpmn:endEvent id=\"RemindedAgain\" name=\"Reminded\">")
        .replace("targetRef=\"Reminded\"", "targetRef=\"RemindedAgain\"")
        .replace("bpmnElement=\"Reminded\"", "bpmnElement=\"RemindedAgain\"");
    var definition = new ProcessDefinitions.ProcessDefinition(1L, "release", 3, "release.bpmn", running, "platform",
        Instant.now(), "New process");
    ProcessDiff.Diff diff = ProcessDiff.between("release", definition, draft,
        Bpmn.readModelFromStream(new ByteArrayInputStream(draft.getBytes(StandardCharsets.UTF_8))));
    assertThat(diff.againstVersion()).isEqualTo(3);
    assertThat(diff.added()).containsExactly("RemindedAgain");
    assertThat(diff.removed()).containsExactly("Reminded");
    assertThat(diff.changed()).containsExactlyInAnyOrder("BuildBundle", "NotifyApproved", "Flow_ToReminded")
        .doesNotContain("ReleaseToTargetApp");
    assertThat(diff.xmlDiff()).contains("--- running version 3", "+++ draft", "-", "+",
        "name=\"Tell the operators\"");

    ProcessDiff.Diff same = ProcessDiff.between("release", definition, running,
        Bpmn.readModelFromStream(new ByteArrayInputStream(running.getBytes(StandardCharsets.UTF_8))));
    assertThat(same.added()).isEmpty();
    assertThat(same.removed()).isEmpty();
    assertThat(same.changed()).isEmpty();
    assertThat(same.xmlDiff()).isEmpty();
  }

  @Test
  void aProcessThatRunsNowhereYetIsAllNew() throws Exception {
    String draft = Files.readString(Path.of("../bpmn/release.bpmn"));
    ProcessDiff.Diff diff = ProcessDiff.between("release", null, draft,
        Bpmn.readModelFromStream(new ByteArrayInputStream(draft.getBytes(StandardCharsets.UTF_8))));
    assertThat(diff.againstVersion()).isNull();
    assertThat(diff.added()).contains("ReviewRelease", "ValidateRelease");
    assertThat(diff.removed()).isEmpty();
  }
}
