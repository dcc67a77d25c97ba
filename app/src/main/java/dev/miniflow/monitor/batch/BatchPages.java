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

  /** The monitor's filters as its forms send them (dates are days: "until" takes the whole day). */
  record BatchForm(BatchOperation.Kind kind, String process, String state, String q,
      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Long targetDefinitionKey) {
    BatchOperation.Criteria criteria() {
      return new BatchOperation.Criteria(process, state, q, day(from), to == null ? null : day(to.plusDays(1)),
          targetDefinitionKey);
    }
  }

  @GetMapping("/monitor/batches/preview")
  String preview(BatchForm form, Model model) {
    model.addAttribute("preview", batches.preview(form.kind(), form.criteria()));
    model.addAttribute("from", form.from());
    model.addAttribute("to", form.to());
    return "monitor/batch-preview";
  }

  @PostMapping("/monitor/batches")
  String start(BatchForm form, RedirectAttributes flash) {
    return Flash.run(flash, "/monitor", () -> {
      BatchOperation batch = batches.start(form.kind(), form.criteria());
      return to("/monitor/batches/" + batch.id(), "Batch started: " + batch.total() + " items, one after another.");
    });
  }

  @GetMapping("/monitor/batches/{id}")
  String batch(@PathVariable long id, Model model) {
    model.addAttribute("batch", batches.find(id));
    return "monitor/batch";
  }

  private static Instant day(LocalDate date) {
    return date == null ? null : date.atStartOfDay().toInstant(ZoneOffset.UTC);
  }
}
