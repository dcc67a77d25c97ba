package dev.miniflow.tasklist.delegation;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.Flash;
import dev.miniflow.support.Problems;
import dev.miniflow.tasklist.FormChoices;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The out-of-office page: my delegations, a form to set one, ending one and handing held tasks over. */
@Controller
class OutOfOfficePage {
  private static final String PAGE = "/tasks/out-of-office";
  private final OutOfOffice outOfOffice;
  private final FormChoices choices;
  private final Clock clock;

  OutOfOfficePage(OutOfOffice outOfOffice, FormChoices choices, Clock clock) {
    this.outOfOffice = outOfOffice;
    this.choices = choices;
    this.clock = clock;
  }

  @GetMapping(PAGE)
  String page(Model model) {
    model.addAttribute("delegations", outOfOffice.mine());
    model.addAttribute("workspaces", choices.myWorkspaces());
    model.addAttribute("processIds", choices.processKinds());
    return "tasklist/out-of-office";
  }

  @PostMapping(PAGE)
  String set(@RequestParam(required = false) Long workspaceId, @RequestParam(required = false) String delegate,
      @RequestParam(required = false) String startsAt, @RequestParam(required = false) String endsAt,
      @RequestParam(required = false) List<String> processes, @RequestParam(required = false) String note,
      RedirectAttributes flash) {
    return Flash.run(flash, PAGE, () -> {
      if (workspaceId == null) {
        throw Problems.invalid("Choose the workspace you are away from.");
      }
      OutOfOffice.Delegated set = outOfOffice.set(workspaceId, new OutOfOffice.NewDelegation(delegate,
          instant(startsAt, "start"), instant(endsAt, "end"), processes, note));
      String warnings = set.warnings().isEmpty() ? "" : " Note: " + String.join(" ", set.warnings());
      return to(PAGE, "Out of office set: " + set.delegation().delegate() + " stands in for you." + warnings);
    });
  }

  @PostMapping(PAGE + "/{id}/end")
  String end(@PathVariable long id, RedirectAttributes flash) {
    return Flash.run(flash, PAGE, () -> {
      outOfOffice.end(id);
      return to(PAGE, "You are back: new tasks are offered to you alone again.");
    });
  }

  @PostMapping(PAGE + "/{id}/hand-over")
  String handOver(@PathVariable long id, RedirectAttributes flash) {
    return Flash.run(flash, PAGE, () -> {
      List<OutOfOffice.HandedOver> results = outOfOffice.handOver(id);
      if (results.isEmpty()) {
        return to(PAGE, "You hold no tasks this delegation covers.");
      }
      return to(PAGE, results.stream().map(r -> r.name() + " #" + r.taskId() + ": " + r.detail())
          .collect(Collectors.joining("; ", "Handed over: ", ".")));
    });
  }

  /** A datetime-local field, in the server's zone; blank: none. */
  private Instant instant(String value, String which) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(value.strip()).atZone(clock.getZone()).toInstant();
    } catch (DateTimeParseException e) {
      throw Problems.invalid("The " + which + " is no date and time (like 2026-12-24T08:00).");
    }
  }
}
