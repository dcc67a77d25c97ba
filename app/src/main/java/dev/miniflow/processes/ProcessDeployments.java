package dev.miniflow.processes;

import dev.miniflow.support.DomainException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.PlatformRole;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deploys processes and forms: the start-up deployment of the files under bpmn/ and forms/, and
 * process owners' edits, which are checked first, deployed as a new version (running instances
 * keep theirs), recorded with their XML and audited with their author and what changed.
 */
@Service
public class ProcessDeployments {
  static final int MAX_FORM_BYTES = 256 * 1024;
  private static final Pattern FORM_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,127}");
  public static final String PROBLEMS_TYPE = "invalid-model";

  private final CamundaClient engine;
  private final ProcessDefinitions definitions;
  private final FormCatalog forms;
  private final ProcessCatalog names;
  private final ModelExpectations expectations;
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final ObjectMapper json;
  private final dev.miniflow.workspace.WorkspaceService workspaces;

  ProcessDeployments(CamundaClient engine, ProcessDefinitions definitions, FormCatalog forms, ProcessCatalog names,
      ModelExpectations expectations, WorkspaceAccess access, AuditTrail audit, ObjectMapper json,
      dev.miniflow.workspace.WorkspaceService workspaces) {
    this.workspaces = workspaces;
    this.engine = engine;
    this.definitions = definitions;
    this.forms = forms;
    this.names = names;
    this.expectations = expectations;
    this.access = access;
    this.audit = audit;
    this.json = json;
  }

  record Resource(String name, byte[] bytes) {}

  /** Deploys resources in one deployment (so linked forms resolve) and records what the engine made of them. */
  @Transactional
  public DeploymentEvent deploy(List<Resource> resources, String author, Map<String, String> summaries) {
    DeployResourceCommandStep2 step = null;
    Map<String, byte[]> sources = new LinkedHashMap<>();
    for (Resource resource : resources) {
      sources.put(resource.name(), resource.bytes());
      step = step == null ? engine.newDeployResourceCommand().addResourceBytes(resource.bytes(), resource.name())
          : step.addResourceBytes(resource.bytes(), resource.name());
    }
    DeploymentEvent deployment;
    try {
      deployment = Objects.requireNonNull(step, "nothing to deploy").send().join();
    } catch (ClientStatusException e) {
      if (e.getStatusCode() == io.grpc.Status.Code.UNAVAILABLE || e.getStatusCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
        throw Problems.unavailable("The workflow engine is not reachable right now; nothing was deployed. Please try again.");
      }
      throw Problems.unprocessable("The engine refused the deployment", e.getMessage(), PROBLEMS_TYPE);
    }
    for (var process : deployment.getProcesses()) {
      byte[] xml = sources.get(process.getResourceName());
      names.learn(xml);
      definitions.record(process.getProcessDefinitionKey(), process.getBpmnProcessId(), process.getVersion(),
          process.getResourceName(), new String(xml, StandardCharsets.UTF_8), author,
          summaries.get(process.getResourceName()));
    }
    for (var form : deployment.getForm()) {
      forms.record(form.getFormKey(), form.getFormId(), form.getVersion(),
          new String(sources.get(form.getResourceName()), StandardCharsets.UTF_8), author);
    }
    return deployment;
  }

  /** The console is for the platform's process owners and for the process owners of workspaces. */
  public String requireProcessOwner() {
    String user = CurrentUser.username();
    if (!access.hasPlatformRole(user, PlatformRole.PROCESS_OWNER)
        && access.workspacesWithRole(user, Role.PROCESS_OWNER).isEmpty()) {
      throw Problems.forbidden("The process console is for process owners.");
    }
    return user;
  }

  /**
   * Who may deploy where: the platform's defaults (no workspace) only its process owners; a
   * workspace's variant only that workspace's process owners.
   */
  private String requireDeployer(Long workspaceId) {
    String user = CurrentUser.username();
    if (workspaceId == null) {
      if (!access.hasPlatformRole(user, PlatformRole.PROCESS_OWNER)) {
        throw Problems.forbidden("The platform's processes and forms are changed by the platform's process owners."
            + " Deploy a variant for your workspace instead (workspaceId): it runs for that workspace only.");
      }
      return user;
    }
    return access.require(workspaceId, "Workspace " + workspaceId, Role.PROCESS_OWNER);
  }

  /** Whether the user may see this process: platform processes every process owner, a variant its workspace's members. */
  public boolean visible(String bpmnProcessId) {
    return ProcessVariants.workspaceOf(bpmnProcessId)
        .map(ws -> !access.rolesOf(CurrentUser.username(), ws).isEmpty()).orElse(true);
  }

  /** The workspace a process owner's edits of a platform process go to by default: their first as process owner. */
  public java.util.Optional<Long> defaultTarget(String bpmnProcessId) {
    var variantOf = ProcessVariants.workspaceOf(bpmnProcessId);
    if (variantOf.isPresent()) {
      return variantOf;
    }
    String user = CurrentUser.username();
    return access.hasPlatformRole(user, PlatformRole.PROCESS_OWNER) ? java.util.Optional.empty()
        : access.workspacesWithRole(user, Role.PROCESS_OWNER).stream().findFirst();
  }

  public List<ModelProblem> validateProcess(String xml) {
    requireProcessOwner();
    return check(xml).problems();
  }

  private ProcessModelCheck.Result check(String xml) {
    // a process may link the platform's forms and the forms of a workspace the caller belongs to
    // (deployProcess also checks that they are of the workspace it deploys to)
    return ProcessModelCheck.check(xml, expectations.workerTypes(), expectations.restartPoints(), id -> visible(id) && forms.findLatest(id).isPresent());
  }

  public record Deployed(long key, String bpmnProcessId, int version, boolean changed, String summary) {}

  /**
   * Checks and deploys a new version of a process: the platform default ({@code workspaceId}
   * null) or the workspace's variant of it. An unchanged file deploys nothing new. Every
   * workspace the deployment affects has it in its audit trail.
   */
  @Transactional
  public Deployed deployProcess(String xml, Long workspaceId) {
    String author = requireDeployer(workspaceId);
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
    for (var form : result.model().getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition.class)) {
      var formOf = form.getFormId() == null ? java.util.Optional.<Long>empty() : ProcessVariants.workspaceOf(form.getFormId());
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
    var made = deploy(List.of(new Resource(resourceName, deployed.getBytes(StandardCharsets.UTF_8))), author,
        Map.of(resourceName, summary)).getProcesses().getFirst();
    boolean changed = previous.map(p -> p.key() != made.getProcessDefinitionKey()).orElse(true);
    String recorded = changed ? summary : "Unchanged: the engine kept version " + made.getVersion();
    String detail = "version " + made.getVersion() + ": " + recorded;
    List<Long> affected = workspaceId != null ? List.of(workspaceId)
        : workspaces.all().stream().map(dev.miniflow.workspace.Workspace::id).toList();
    for (Long ws : affected.isEmpty() ? java.util.Collections.<Long>singletonList(null) : affected) {
      audit.record(author, changed ? ProcessAudit.DEPLOYED : ProcessAudit.UNCHANGED, processId, ws, detail);
    }
    return new Deployed(made.getProcessDefinitionKey(), processId, made.getVersion(), changed, recorded);
  }

  public List<ModelProblem> validateForm(String schema) {
    requireProcessOwner();
    return checkForm(schema);
  }

  /** Deploys a new version of a form; tasks already open keep the version they were created with. */
  @Transactional
  public FormDefinition deployForm(String schema, Long workspaceId) {
    String author = requireDeployer(workspaceId);
    List<ModelProblem> problems = checkForm(schema);
    if (!problems.isEmpty()) {
      throw invalid("The form has " + problems.size() + " problem(s)", problems);
    }
    var root = (com.fasterxml.jackson.databind.node.ObjectNode) readTree(schema);
    // a workspace's form is its own id (<form>.ws-<workspace>): only its variants link it
    String formId = workspaceId == null ? root.get("id").asText()
        : ProcessVariants.variantId(ProcessVariants.kindOf(root.get("id").asText()), workspaceId);
    root.put("id", formId);
    String deployed;
    try {
      deployed = json.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    var previous = forms.findLatest(formId);
    var form = deploy(List.of(new Resource(formId + ".form", deployed.getBytes(StandardCharsets.UTF_8))), author,
        Map.of()).getForm().getFirst();
    boolean changed = previous.map(p -> p.formKey() != form.getFormKey()).orElse(true);
    audit.record(author, changed ? ProcessAudit.FORM_DEPLOYED : ProcessAudit.FORM_UNCHANGED, formId, workspaceId,
        "version " + form.getVersion());
    return forms.findById(form.getFormKey()).orElseThrow();
  }

  private List<ModelProblem> checkForm(String schema) {
    if (schema == null || schema.isBlank()) {
      return List.of(new ModelProblem(null, "The form is empty."));
    }
    if (schema.getBytes(StandardCharsets.UTF_8).length > MAX_FORM_BYTES) {
      return List.of(new ModelProblem(null, "A form may have at most " + MAX_FORM_BYTES + " bytes."));
    }
    JsonNode root;
    try {
      root = readTree(schema);
    } catch (DomainException e) {
      return List.of(new ModelProblem(null, "This is not valid JSON: " + e.detail()));
    }
    List<ModelProblem> problems = new ArrayList<>();
    if (!root.isObject()) {
      return List.of(new ModelProblem(null, "A form is a JSON object."));
    }
    if (!root.path("id").isTextual()
        || !FORM_ID.matcher(ProcessVariants.kindOf(root.path("id").asText())).matches()) {
      problems.add(new ModelProblem(null, "The form needs an \"id\" of letters, digits, '-' and '_' (at most 128)."));
    }
    if (!root.path("components").isArray()) {
      problems.add(new ModelProblem(null, "The form needs a \"components\" list."));
      return problems;
    }
    Set<String> keys = new HashSet<>();
    int index = 0;
    for (JsonNode component : root.get("components")) {
      String where = component.path("key").asText(component.path("id").asText("component " + index));
      if (!component.path("type").isTextual()) {
        problems.add(new ModelProblem(where, "Component " + index + " has no \"type\"."));
      }
      if (component.has("key") && !keys.add(component.get("key").asText())) {
        problems.add(new ModelProblem(where, "The key '" + component.get("key").asText() + "' is used twice."));
      }
      index++;
    }
    return problems;
  }

  private JsonNode readTree(String schema) {
    try {
      return json.readTree(schema);
    } catch (Exception e) {
      String message = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("");
      throw Problems.invalid(message);
    }
  }

  /** What a process owner changed, in words: elements added, removed and renamed. */
  static String changes(String previousXml, BpmnModelInstance next) {
    Map<String, String> before = elements(Bpmn.readModelFromStream(
        new ByteArrayInputStream(previousXml.getBytes(StandardCharsets.UTF_8))));
    Map<String, String> after = elements(next);
    List<String> parts = new ArrayList<>();
    after.keySet().stream().filter(id -> !before.containsKey(id)).forEach(id -> parts.add("added " + label(id, after)));
    before.keySet().stream().filter(id -> !after.containsKey(id)).forEach(id -> parts.add("removed " + label(id, before)));
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

  private static DomainException invalid(String title, List<ModelProblem> problems) {
    return Problems.unprocessable(title,
        problems.stream().map(p -> (p.elementId() == null ? "" : p.elementId() + ": ") + p.message())
            .reduce((a, b) -> a + "\n" + b).orElse(title), PROBLEMS_TYPE).with("problems", problems);
  }
}
