package dev.miniflow.monitor;

import dev.miniflow.engine.EmbeddedSettings;
import dev.miniflow.engine.EngineLogWatch;
import dev.miniflow.processes.ProcessDefinitions;
import static dev.miniflow.support.Flash.to;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.support.Flash;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The admin monitor: instances with filters, an instance on its diagram, incidents with retry. */
@Controller
class MonitorPages {
  static final int PAGE_SIZE = 50;
  private final ProcessMonitor monitor;
  private final ProcessDefinitions definitions;
  private final ObjectMapper json;
  private final boolean embedded;
  private final InstanceHistory history;
  private final EngineLogWatch engineLog;
  private final IncidentFixes fixes;
  private final InstanceModifications modifications;
  private final InstanceMigrations migrations;

  MonitorPages(ProcessMonitor monitor, ProcessDefinitions definitions, ObjectMapper json,
      EmbeddedSettings embedded,
      EngineLogWatch engineLog, InstanceHistory history, IncidentFixes fixes, InstanceModifications modifications,
      InstanceMigrations migrations) {
    this.fixes = fixes;
    this.modifications = modifications;
    this.migrations = migrations;
    this.monitor = monitor;
    this.definitions = definitions;
    this.json = json;
    this.embedded = embedded.active();
    this.history = history;
    this.engineLog = engineLog;
  }

  @GetMapping("/monitor")
  String instances(@RequestParam(required = false) String process,
      @RequestParam(required = false) MonitorApi.InstanceState state, @RequestParam(required = false) String q,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
      @RequestParam(defaultValue = "0") int page, Model model) {
    var filter = new InstanceHistory.Filter(process, state == null ? null : state.name(), q,
        from == null ? null : from.atStartOfDay().toInstant(ZoneOffset.UTC),
        to == null ? null : to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    var instances = monitor.instances(filter, page, PAGE_SIZE);
    model.addAttribute("instances", instances);
    // on a broker, only its exporter brings records here; until it has, the page says so
    model.addAttribute("historyAvailable", embedded || history.fed());
    model.addAttribute("engineLogWarning", engineLog.warning().orElse(null));
    model.addAttribute("incidents", monitor.openIncidents());
    model.addAttribute("processes", definitions.latestOfEach().stream().map(d -> d.bpmnProcessId()).toList());
    model.addAttribute("states", MonitorApi.InstanceState.values());
    model.addAttribute("process", process);
    model.addAttribute("state", state);
    model.addAttribute("q", q);
    model.addAttribute("from", from);
    model.addAttribute("to", to);
    model.addAttribute("page", Math.max(0, page));
    model.addAttribute("hasNext", instances.size() == PAGE_SIZE);
    return "monitor/monitor";
  }

  @GetMapping("/monitor/instances/{key}")
  String instance(@PathVariable long key, Model model) throws JsonProcessingException {
    var detail = monitor.detail(key);
    model.addAttribute("detail", detail);
    model.addAttribute("diagramJson", json.writeValueAsString(detail.diagram()));
    // the fix form: only while an incident is open, only what the process declares editable
    model.addAttribute("editable", detail.instance().openIncidents() > 0 ? fixes.editable(detail.instance())
        : java.util.Set.of());
    boolean running = "ACTIVE".equals(detail.instance().state());
    model.addAttribute("activeElements", detail.elements().stream().filter(e -> "ACTIVE".equals(e.state())
        && !InstanceHistory.isContainer(e)).map(InstanceHistory.Element::elementId).distinct().toList());
    model.addAttribute("moveTargets", running ? modifications.elements(detail.instance()) : java.util.List.of());
    model.addAttribute("newerVersions", running ? definitions.versions(detail.instance().bpmnProcessId()).stream()
        .filter(d -> d.version() > detail.instance().version()).toList() : java.util.List.of());
    return "monitor/instance";
  }

  @PostMapping("/monitor/instances/{key}/move")
  String move(@PathVariable long key, @RequestParam(defaultValue = "") String from,
      @RequestParam(defaultValue = "") String to, RedirectAttributes flash) {
    String back = "/monitor/instances/" + key;
    return Flash.run(flash, back, () -> {
      modifications.move(key, from, to);
      return to(back, "Token moved from " + from + " to " + to + ".");
    });
  }

  @GetMapping("/monitor/instances/{key}/migration")
  String migrationPreview(@PathVariable long key, @RequestParam(required = false) Long targetDefinitionKey,
      Model model) {
    model.addAttribute("preview", migrations.preview(key, targetDefinitionKey));
    return "monitor/migration";
  }

  @PostMapping("/monitor/instances/{key}/migrate")
  String migrate(@PathVariable long key, @RequestParam(required = false) Long targetDefinitionKey,
      RedirectAttributes flash) {
    String back = "/monitor/instances/" + key;
    return Flash.run(flash, back, () -> {
      var migrated = migrations.migrate(key, targetDefinitionKey);
      return to(back, "Migrated from version " + migrated.fromVersion() + " to " + migrated.toVersion() + ".");
    });
  }

  @PostMapping("/monitor/incidents/{key}/retry")
  String retry(@PathVariable long key, @RequestParam long instance, RedirectAttributes flash) {
    String back = "/monitor/instances/" + instance;
    return Flash.run(flash, back, () -> {
      monitor.retry(key);
      return to(back, "Retrying: the job has " + ProcessMonitor.RETRIES_AFTER_FIX + " new attempts.");
    });
  }

  /** The fix form: a value as JSON, or plain text taken as a string; the open incidents retried after it. */
  @PostMapping("/monitor/instances/{key}/variables")
  String fixVariable(@PathVariable long key, @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String value, @RequestParam(required = false) Long scopeKey,
      @RequestParam(defaultValue = "false") boolean retry, RedirectAttributes flash) {
    String back = "/monitor/instances/" + key;
    return Flash.run(flash, back, () -> {
      monitor.instance(key); // who may, before what they typed is read
      com.fasterxml.jackson.databind.JsonNode parsed;
      try {
        parsed = json.readTree(value);
      } catch (JsonProcessingException e) {
        parsed = null;
      }
      if (parsed == null || parsed.isMissingNode()) {
        parsed = json.getNodeFactory().textNode(value.strip());
      }
      var fixed = fixes.fix(key, java.util.List.of(new IncidentFixes.Change(name, parsed, scopeKey)), retry);
      return to(back, "Changed " + name + (fixed.retried() > 0 ? "; retrying " + fixed.retried() + " incident"
          + (fixed.retried() == 1 ? "" : "s") + "." : "."));
    });
  }

  @PostMapping("/monitor/instances/{key}/cancel")
  String cancel(@PathVariable long key, RedirectAttributes flash) {
    String back = "/monitor/instances/" + key;
    return Flash.run(flash, back, () -> {
      monitor.cancel(key);
      return to(back, "The instance was canceled.");
    });
  }
}
