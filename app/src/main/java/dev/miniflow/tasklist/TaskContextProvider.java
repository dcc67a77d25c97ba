package dev.miniflow.tasklist;

import org.springframework.modulith.NamedInterface;
import java.util.List;
import java.util.Map;

/**
 * Lets a feature that owns a process show its business context on a task and add its own rules
 * to completing it (e.g. a rejection needs a comment). The task list itself knows no processes.
 */
@NamedInterface("api")
public interface TaskContextProvider {
  boolean handles(String processId);

  /**
   * The business object a user task job of this process is about, found only among the objects
   * bound to the job's own process instance and only in a status that waits for this step. The
   * business key (a process variable) may choose among them, never reach beyond them. Empty: the
   * task is refused.
   */
  java.util.Optional<Binding> bind(long processInstanceKey, String businessKey);

  /**
   * What a task takes from its bound object: the tenant, what it is about, who asked, and who may
   * not decide it (the requester, and whoever else the four-eyes rule of the process excludes).
   */
  @NamedInterface("api")
  record Binding(long workspaceId, String businessKey, String subject, String requester,
      java.util.Set<String> excluded, About about) {
    /** Without what it is about: {@link #about(UserTask)} is asked once the task is stored. */
    public Binding(long workspaceId, String businessKey, String subject, String requester,
        java.util.Set<String> excluded) {
      this(workspaceId, businessKey, subject, requester, excluded, null);
    }
  }

  TaskContext describe(UserTask task);

  /**
   * What the task is about, stored with it so approvers can filter their queues by it; asked only when
   * {@link #bind} did not say it already (a provider that reads the object there saves the task reading it again).
   */
  default About about(UserTask task) {
    return About.UNKNOWN;
  }

  /**
   * What changed since the object an earlier rejection was about (the same mini program asking the
   * same target app again), e.g. the files changed since the rejected version.
   */
  default List<Section> changesSince(UserTask task, String rejectedBusinessKey) {
    return List.of();
  }

  /** Throws a problem when the values break a rule of the process. */
  default void checkCompletion(UserTask task, Map<String, Object> values) {}

  /** The common rule of review forms: a rejection has to say why. */
  static void requireCommentOnReject(Map<String, Object> values, String whoReads) {
    Object comment = values.get("comment");
    if ("reject".equals(values.get("decision")) && (comment == null || comment.toString().isBlank())) {
      throw dev.miniflow.support.Problems.invalid("A rejection needs a comment: " + whoReads + " has to know why.");
    }
  }

  @NamedInterface("api")
  record Fact(String label, String value) {}

  @NamedInterface("api")
  record About(String miniProgram, String targetApp, String environment) {
    static final About UNKNOWN = new About(null, null, null);

    public About(String miniProgram, String targetApp) {
      this(miniProgram, targetApp, null);
    }
  }

  /** A titled list shown on the task, e.g. the files changed against the live version. */
  @NamedInterface("api")
  record Section(String title, List<String> lines) {}

  /**
   * @param report pretty-printed validation report, may be null
   * @param link where the business object itself is shown
   */
  /** A table shown on the task, e.g. the validation report's pages and their sizes. */
  @NamedInterface("api")
  record Table(String title, List<String> columns, List<List<String>> rows) {}

  /**
   * @param tables the report as people read it (the raw {@code report} stays for API clients)
   */
  @NamedInterface("api")
  record TaskContext(String title, List<Fact> facts, String report, String link, List<Section> sections,
      List<Table> tables) {
    public TaskContext(String title, List<Fact> facts, String report, String link) {
      this(title, facts, report, link, List.of(), List.of());
    }

    public TaskContext(String title, List<Fact> facts, String report, String link, List<Section> sections) {
      this(title, facts, report, link, sections, List.of());
    }
  }
}
