package dev.miniflow.processes;

import dev.miniflow.processes.ProcessDefinitions.ProcessDefinition;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Process owners' API: deployed processes and forms, validation and deployment of new versions. */
@RestController
@RequestMapping("/api/v1")
class ProcessApi {
  private final ProcessDeployments deployments;
  private final FormDeployments formDeployments;
  private final ProcessOwners owners;
  private final ProcessDefinitions definitions;
  private final FormCatalog forms;
  private final WorkspaceAccess access;

  ProcessApi(ProcessDeployments deployments, FormDeployments formDeployments, ProcessOwners owners,
      ProcessDefinitions definitions, FormCatalog forms, WorkspaceAccess access) {
    this.formDeployments = formDeployments;
    this.owners = owners;
    this.deployments = deployments;
    this.definitions = definitions;
    this.forms = forms;
    this.access = access;
  }

  record DefinitionView(long key, String bpmnProcessId, int version, String resourceName, String deployedBy,
      java.time.Instant deployedAt, String changeSummary) {
    static DefinitionView of(ProcessDefinition d) {
      return new DefinitionView(d.key(), d.bpmnProcessId(), d.version(), d.resourceName(), d.deployedBy(),
          d.deployedAt(), d.changeSummary());
    }
  }

  /**
   * Lists the processes the caller may manage. The platform's processes and the variants of the caller's workspaces;
   * for process owners.
   */
  @GetMapping("/processes")
  List<DefinitionView> processes() {
    owners.requireProcessOwner();
    return definitions.latestOfEach().stream().filter(d -> owners.visible(d.bpmnProcessId()))
        .map(DefinitionView::of).toList();
  }

  /** Lists the deployed versions of a process. For process owners who may see it. */
  @GetMapping("/processes/{bpmnProcessId}/versions")
  List<DefinitionView> versions(@PathVariable String bpmnProcessId) {
    owners.requireProcessOwner();
    if (!owners.visible(bpmnProcessId)) {
      throw Problems.notFound("Process " + bpmnProcessId);
    }
    return definitions.versions(bpmnProcessId).stream().map(DefinitionView::of).toList();
  }

  /**
   * The XML of a deployed version. Platform processes hold no tenant data, so any member may read
   * them (reviewers see where their task stands, admins their instances); a workspace's variant
   * only that workspace's members.
   */
  @GetMapping(value = "/processes/definitions/{key}/xml", produces = MediaType.APPLICATION_XML_VALUE)
  ResponseEntity<String> xml(@PathVariable long key) {
    if (access.workspacesOf(CurrentUser.username()).isEmpty()) {
      throw Problems.forbidden("Only workspace members can read process diagrams.");
    }
    ProcessDefinition definition = definitions.byKey(key).filter(d -> owners.visible(d.bpmnProcessId()))
        .orElseThrow(() -> Problems.notFound("Process definition " + key));
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename(definition.bpmnProcessId() + "-v" + definition.version() + ".bpmn").build().toString())
        .contentType(MediaType.APPLICATION_XML).body(definition.xml());
  }

  record Validation(boolean valid, List<ModelProblem> problems) {}

  /**
   * Checks a BPMN draft without deploying it. Body: the BPMN XML; answers whether it is valid and the model problems
   * found. For process owners.
   */
  @PostMapping(value = "/processes/validate", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE,
      MediaType.TEXT_PLAIN_VALUE})
  Validation validate(@RequestBody(required = false) String xml) {
    List<ModelProblem> problems = deployments.validateProcess(xml);
    return new Validation(problems.isEmpty(), problems);
  }

  /**
   * Compares a BPMN draft with the running version before deploying. Elements added, removed and changed, and the XML
   * diff; with workspaceId, against that workspace's variant.
   */
  @PostMapping(value = "/processes/diff", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE,
      MediaType.TEXT_PLAIN_VALUE})
  ProcessDiff.Diff diff(@RequestBody(required = false) String xml,
      @org.springframework.web.bind.annotation.RequestParam(required = false) Long workspaceId) {
    return deployments.diffProcess(xml, workspaceId);
  }

  /**
   * Deploys a BPMN process. Body: the BPMN XML; without workspaceId a platform process (platform process owners),
   * with it that workspace's variant (its process owners). Refused (422) with the model problems when invalid.
   */
  @PostMapping(value = "/processes", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE,
      MediaType.TEXT_PLAIN_VALUE})
  ProcessDeployments.Deployed deploy(@RequestBody(required = false) String xml,
      @org.springframework.web.bind.annotation.RequestParam(required = false) Long workspaceId) {
    return deployments.deployProcess(xml, workspaceId);
  }

  record FormView(long formKey, String formId, int version, String deployedBy, java.time.Instant deployedAt) {
    static FormView of(FormDefinition f) {
      return new FormView(f.formKey(), f.formId(), f.version(), f.deployedBy(), f.deployedAt());
    }
  }

  /** Lists the latest version of each form the caller may manage. For process owners. */
  @GetMapping("/forms")
  List<FormView> forms() {
    owners.requireProcessOwner();
    return forms.latestOfEach().stream().filter(f -> owners.visible(f.formId())).map(FormView::of).toList();
  }

  /** Reads the latest schema of a form. The form-js JSON; for process owners who may see it. */
  @GetMapping(value = "/forms/{formId}", produces = MediaType.APPLICATION_JSON_VALUE)
  String form(@PathVariable String formId) {
    owners.requireProcessOwner();
    return forms.findLatest(formId).filter(f -> owners.visible(f.formId()))
        .orElseThrow(() -> Problems.notFound("Form " + formId)).schema();
  }

  /**
   * Checks a form schema without deploying it. Body: the form-js JSON; answers whether it is valid and the problems
   * found.
   */
  @PostMapping(value = "/forms/validate", consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE})
  Validation validateForm(@RequestBody(required = false) String schema) {
    List<ModelProblem> problems = formDeployments.validateForm(schema);
    return new Validation(problems.isEmpty(), problems);
  }

  /**
   * Deploys a form. Body: the form-js JSON; without workspaceId a platform form (platform process owners), with it
   * that workspace's (its process owners).
   */
  @PostMapping(value = "/forms", consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE})
  FormView deployForm(@RequestBody(required = false) String schema,
      @org.springframework.web.bind.annotation.RequestParam(required = false) Long workspaceId) {
    return FormView.of(formDeployments.deployForm(schema, workspaceId));
  }
}
