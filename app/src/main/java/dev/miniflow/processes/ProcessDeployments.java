package dev.miniflow.processes;

import dev.miniflow.support.DomainException;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Process owners' edits of processes: checked first (the deploy policy, the model checks), deployed
 * as a new version of the platform default or of a workspace's variant (running instances keep
 * theirs), recorded with their XML and audited with their author and what changed. Forms are
 * {@link FormDeployments}; the start-up deployment of bpmn/ and forms/ is {@link ResourceDeployer}.
 */
@Service
public class ProcessDeployments {
  public static final String PROBLEMS_TYPE = "invalid-model";

  private final ProcessOwners owners;
  private final ModelExpectations expectations;
  private final ProcessDefinitions definitions;
  private final FormCatalog forms;
  private final EngineDeployments engine;
  private final AuditTrail audit;

  ProcessDeployments(ProcessOwners owners, ModelExpectations expectations, ProcessDefinitions definitions,
      FormCatalog forms, EngineDeployments engine, AuditTrail audit) {
    this.owners = owners;
    this.expectations = expectations;
    this.definitions = definitions;
    this.forms = forms;
    this.engine = engine;
    this.audit = audit;
  }

  public List<ModelProblem> validateProcess(String xml) {
    owners.requireProcessOwner();
    return check(xml).problems();
  }

  private ProcessModelCheck.Result check(String xml) {
    // a process may link the platform's forms and the forms of a workspace the caller belongs to
    // (deployProcess also checks that they are of the workspace it deploys to)
    return ProcessModelCheck.check(xml, expectations.workerTypes(), expectations.restartPoints(),
        id -> owners.visible(id) && forms.findLatest(id).isPresent());
  }

  public record Deployed(long key, String bpmnProcessId, int version, boolean changed, String summary) {}

  /**
   * What deploying the draft would change against the version running now (the workspace's
   * variant, else the platform default): the same rights as deploying it, nothing deployed.
   */
  ProcessDiff.Diff diffProcess(String xml, Long workspaceId) {
    owners.requireDeployer(workspaceId);
    ProcessModelCheck.Result result = check(xml);
    if (result.model() == null) {
      throw invalid("The draft cannot be read", result.problems());
    }
    var process = result.model().getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.Process.class).stream()
        .filter(io.camunda.zeebe.model.bpmn.instance.Process::isExecutable).findFirst()
        .orElseThrow(() -> invalid("No executable process", List.of(new ModelProblem(null,
            "The file has no executable process to compare."))));
    String kind = ProcessVariants.kindOf(process.getId());
    String processId = workspaceId == null ? kind : ProcessVariants.variantId(kind, workspaceId);
    var running = definitions.latest(processId).or(() -> definitions.latest(kind)).orElse(null);
    return ProcessDiff.between(processId, running, xml, result.model());
  }

  /**
   * Checks and deploys a new version of a process: the platform default ({@code workspaceId}
   * null) or the workspace's variant of it. An unchanged file deploys nothing new. Every
   * workspace the deployment affects has it in its audit trail.
   */
  @Transactional
  public Deployed deployProcess(String xml, Long workspaceId) {
    String author = owners.requireDeployer(workspaceId);
    ProcessModelCheck.Result result = check(xml);
    if (!result.valid()) {
      throw invalid("The process has " + result.problems().size() + " problem(s)", result.problems());
    }
    List<io.camunda.zeebe.model.bpmn.instance.Process> processes = result.model()
        .getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.Process.class).stream()
        .filter(io.camunda.zeebe.model.bpmn.instance.Process::isExecutable).toList();
    if (processes.size() != 1) {
      throw invalid("One process per file", List.of(new ModelProblem(null,
          "The file has " + processes.size() + " executable processes; the console deploys one at a time.")));
    }
    var process = processes.getFirst();
    String kind = ProcessVariants.kindOf(process.getId());
    var variantOf = ProcessVariants.workspaceOf(process.getId());
    if (variantOf.isPresent() && !variantOf.get().equals(workspaceId)) {
      throw invalid("Another workspace's variant", List.of(new ModelProblem(process.getId(),
          "This is the variant of workspace " + variantOf.get() + "; deploy it there, or start from '" + kind + "'.")));
    }
    for (var form : result.model()
        .getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition.class)) {
      var formOf =
          form.getFormId() == null ? java.util.Optional.<Long>empty() : ProcessVariants.workspaceOf(form.getFormId());
      if (formOf.isPresent() && !formOf.get().equals(workspaceId)) {
        throw invalid("Another workspace's form", List.of(new ModelProblem(ProcessModelCheck.idOf(form),
            "The form '" + form.getFormId() + "' belongs to workspace " + formOf.get() + "; link a platform form or one"
                + " of the workspace this process is deployed to.")));
      }
    }
    String processId = workspaceId == null ? kind : ProcessVariants.variantId(kind, workspaceId);
    process.setId(processId); // the diagram's references follow the id
    String deployed = Bpmn.convertToString(result.model());
    var previous = definitions.latest(processId);
    var base = previous.or(() -> definitions.latest(kind));
    String resourceName = processId + ".bpmn";
    String summary = base.map(p -> changes(p.xml(), result.model())).orElse("New process");
    if (previous.isEmpty() && workspaceId != null) {
      summary = "New variant of " + kind + " for workspace " + workspaceId + ": " + summary;
    }
    var made =
        engine.deploy(List.of(new EngineDeployments.Resource(resourceName, deployed.getBytes(StandardCharsets.UTF_8))),
            author,
            Map.of(resourceName, summary)).getProcesses().getFirst();
    boolean changed = previous.map(p -> p.key() != made.getProcessDefinitionKey()).orElse(true);
    String recorded = changed ? summary : "Unchanged: the engine kept version " + made.getVersion();
    String detail = "version " + made.getVersion() + ": " + recorded;
    for (Long ws : owners.affected(workspaceId)) {
      audit.record(author, changed ? ProcessAudit.DEPLOYED : ProcessAudit.UNCHANGED, processId, ws, detail);
    }
    return new Deployed(made.getProcessDefinitionKey(), processId, made.getVersion(), changed, recorded);
  }

  /** What a process owner changed, in words: elements added, removed and renamed. */
  static String changes(String previousXml, BpmnModelInstance next) {
    Map<String, String> before = elements(Bpmn.readModelFromStream(
        new ByteArrayInputStream(previousXml.getBytes(StandardCharsets.UTF_8))));
    Map<String, String> after = elements(next);
    List<String> parts = new ArrayList<>();
    after.keySet().stream().filter(id -> !before.containsKey(id)).forEach(id -> parts.add("added " + label(id, after)));
    before.keySet().stream().filter(id -> !after.containsKey(id))
        .forEach(id -> parts.add("removed " + label(id, before)));
    after.keySet().stream().filter(before::containsKey)
        .filter(id -> !Objects.equals(before.get(id), after.get(id)))
        .forEach(id -> parts.add("renamed " + id + " '" + Objects.toString(before.get(id), "") + "' → '"
            + Objects.toString(after.get(id), "") + "'"));
    String summary = parts.isEmpty() ? "Same elements; properties or layout changed" : String.join("; ", parts);
    return summary.length() > 3900 ? summary.substring(0, 3900) + "…" : summary;
  }

  private static Map<String, String> elements(BpmnModelInstance model) {
    Map<String, String> byId = new LinkedHashMap<>();
    for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
      byId.put(element.getId(), element.getName() == null ? null : element.getName().strip());
    }
    return byId;
  }

  private static String label(String id, Map<String, String> elements) {
    return elements.get(id) == null ? id : id + " '" + elements.get(id) + "'";
  }

  static DomainException invalid(String title, List<ModelProblem> problems) {
    return Problems.unprocessable(title,
        problems.stream().map(p -> (p.elementId() == null ? "" : p.elementId() + ": ") + p.message())
            .reduce((a, b) -> a + "\n" + b).orElse(title),
        PROBLEMS_TYPE).with("problems", problems);
  }
}
