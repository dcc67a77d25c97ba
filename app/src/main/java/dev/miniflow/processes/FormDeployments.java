package dev.miniflow.processes;

import dev.miniflow.support.DomainException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Process owners' forms (form-js JSON): checked, deployed as a new version, audited. */
@Service
class FormDeployments {
  static final int MAX_FORM_BYTES = 256 * 1024;
  private static final Pattern FORM_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,127}");

  private final ProcessOwners owners;
  private final FormCatalog forms;
  private final EngineDeployments engine;
  private final AuditTrail audit;
  private final ObjectMapper json;

  FormDeployments(ProcessOwners owners, FormCatalog forms, EngineDeployments engine, AuditTrail audit,
      ObjectMapper json) {
    this.owners = owners;
    this.forms = forms;
    this.engine = engine;
    this.audit = audit;
    this.json = json;
  }

  List<ModelProblem> validateForm(String schema) {
    owners.requireProcessOwner();
    return checkForm(schema);
  }

  /** Deploys a new version of a form; tasks already open keep the version they were created with. */
  @Transactional
  FormDefinition deployForm(String schema, Long workspaceId) {
    String author = owners.requireDeployer(workspaceId);
    List<ModelProblem> problems = checkForm(schema);
    if (!problems.isEmpty()) {
      throw ProcessDeployments.invalid("The form has " + problems.size() + " problem(s)", problems);
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
    var form = engine
        .deploy(List.of(new EngineDeployments.Resource(formId + ".form", deployed.getBytes(StandardCharsets.UTF_8))),
            author,
            Map.of())
        .getForm().getFirst();
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
}
