package dev.miniflow.monitor.batch;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.Flash;
import java.time.Instant;
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

/** The monitor's batch pages: preview what the filters match, start, follow the progress. */
@Controller
class BatchPages {
  private final BatchOperations batches;

  BatchPages(BatchOperations batches) {
    this.batches = batches;
  }

  @GetMapping("/monitor/batches")
  String recent(Model model) {
    model.addAttribute("batches", batches.recent());
    return "monitor/batches";
  }

  @GetMapping("/monitor/batches/preview")
  String preview(@RequestParam(required = false) BatchOperation.Kind kind,
      @RequestParam(required = false) String process, @RequestParam(required = false) String state,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
      @RequestParam(required = false) Long targetDefinitionKey, Model model) {
    model.addAttribute("preview", batches.preview(kind, criteria(process, state, q, from, to, targetDefinitionKey)));
    model.addAttribute("from", from);
    model.addAttribute("to", to);
    return "monitor/batch-preview";
  }

  @PostMapping("/monitor/batches")
  String start(@RequestParam(required = false) BatchOperation.Kind kind,
      @RequestParam(required = false) String process, @RequestParam(required = false) String state,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
      @RequestParam(required = false) Long targetDefinitionKey, RedirectAttributes flash) {
    return Flash.run(flash, "/monitor", () -> {
      BatchOperation batch = batches.start(kind, criteria(process, state, q, from, to, targetDefinitionKey));
      return to("/monitor/batches/" + batch.id(), "Batch started: " + batch.total() + " items, one after another.");
    });
  }

  @GetMapping("/monitor/batches/{id}")
  String batch(@PathVariable long id, Model model) {
    model.addAttribute("batch", batches.find(id));
    return "monitor/batch";
  }

  /** The monitor page's dates are days: "until" takes the whole day. */
  private static BatchOperation.Criteria criteria(String process, String state, String q, LocalDate from,
      LocalDate to, Long targetDefinitionKey) {
    return new BatchOperation.Criteria(process, state, q, day(from), to == null ? null : day(to.plusDays(1)),
        targetDefinitionKey);
  }

  private static Instant day(LocalDate date) {
    return date == null ? null : date.atStartOfDay().toInstant(ZoneOffset.UTC);
  }
}
