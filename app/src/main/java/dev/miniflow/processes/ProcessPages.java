package dev.miniflow.processes;

import dev.miniflow.support.Problems;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The process owner console: processes and forms with their versions, the modeler and the form editor. */
@Controller
class ProcessPages {
  private final ProcessOwners owners;
  private final ProcessDefinitions definitions;
  private final FormCatalog forms;

  ProcessPages(ProcessOwners owners, ProcessDefinitions definitions, FormCatalog forms) {
    this.owners = owners;
    this.definitions = definitions;
    this.forms = forms;
  }

  @GetMapping("/processes")
  String list(Model model) {
    owners.requireProcessOwner();
    model.addAttribute("processes", definitions.latestOfEach().stream()
        .filter(d -> owners.visible(d.bpmnProcessId())).toList());
    model.addAttribute("forms", forms.latestOfEach().stream().filter(f -> owners.visible(f.formId())).toList());
    return "processes/list";
  }

  @GetMapping("/processes/{bpmnProcessId}")
  String process(@PathVariable String bpmnProcessId, @RequestParam(required = false) Long version, Model model) {
    owners.requireProcessOwner();
    var versions = definitions.versions(bpmnProcessId);
    if (versions.isEmpty() || !owners.visible(bpmnProcessId)) {
      throw Problems.notFound("Process " + bpmnProcessId);
    }
    var shown = version == null ? versions.getFirst()
        : versions.stream().filter(v -> v.key() == version).findFirst()
            .orElseThrow(() -> Problems.notFound("Version " + version + " of " + bpmnProcessId));
    model.addAttribute("versions", versions);
    model.addAttribute("shown", shown);
    return "processes/process";
  }

  @GetMapping("/processes/{bpmnProcessId}/edit")
  String edit(@PathVariable String bpmnProcessId, Model model) {
    owners.requireProcessOwner();
    model.addAttribute("definition", definitions.latest(bpmnProcessId).filter(d -> owners.visible(d.bpmnProcessId()))
        .orElseThrow(() -> Problems.notFound("Process " + bpmnProcessId)));
    // a platform process owner deploys the platform's default; anyone else their workspace's variant
    model.addAttribute("targetWorkspace", owners.defaultTarget(bpmnProcessId).orElse(null));
    return "processes/modeler";
  }

  @GetMapping("/processes/forms/{formId}")
  String form(@PathVariable String formId, Model model) {
    owners.requireProcessOwner();
    model.addAttribute("form", forms.findLatest(formId).filter(f -> owners.visible(f.formId()))
        .orElseThrow(() -> Problems.notFound("Form " + formId)));
    model.addAttribute("versions", forms.versions(formId));
    model.addAttribute("targetWorkspace", owners.defaultTarget(formId).orElse(null));
    return "processes/form";
  }
}
