package dev.miniflow.release;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.Flash;
import dev.miniflow.support.Problems;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The phased release forms of the release page (shown by {@link ReleasePages#detail}). */
@Controller
class PhasedReleasePages {
  private final PhasedReleases phased;

  PhasedReleasePages(PhasedReleases phased) {
    this.phased = phased;
  }

  /** The form's plan: percentages as typed ("1, 5, 20, 50, 100"), one dwell in hours for every step. */
  @PostMapping("/releases/{id}/phased-plan")
  String start(@PathVariable long id, @RequestParam(defaultValue = "") String percents,
      @RequestParam(defaultValue = "24") String dwellHours, @RequestParam(defaultValue = "15") String deadlineDays,
      RedirectAttributes flash) {
    return act(id, flash, () -> {
      phased.requireOperator(id); // who may, before what they typed is read
      String dwell = "PT" + whole(dwellHours, "dwell (hours)") + "H";
      List<PhasedReleases.StepRequest> steps = Arrays.stream(percents.split("[,;\\s→>%]+")).filter(p -> !p.isBlank())
          .limit(PhasedReleases.MAX_STEPS + 1L)
          .map(p -> new PhasedReleases.StepRequest(whole(p, "percentage"), dwell)).toList();
      PhasePlan plan = phased.start(id, new PhasedReleases.PlanRequest(steps,
          "P" + whole(deadlineDays, "deadline (days)") + "D"));
      return "Phased release planned: " + PhasePlan.describe(plan.percents()) + "; the first step is on its way.";
    });
  }

  @PostMapping("/releases/{id}/phased-plan/pause")
  String pause(@PathVariable long id, RedirectAttributes flash) {
    return act(id, flash, () -> {
      phased.pause(id);
      return "Phased release paused: it stays at its current step until resumed.";
    });
  }

  @PostMapping("/releases/{id}/phased-plan/resume")
  String resume(@PathVariable long id, RedirectAttributes flash) {
    return act(id, flash, () -> {
      phased.resume(id);
      return "Phased release resumed: the current step's dwell starts again.";
    });
  }

  @PostMapping("/releases/{id}/phased-plan/revert")
  String revert(@PathVariable long id, @RequestParam(defaultValue = "") String reason, RedirectAttributes flash) {
    return act(id, flash, () -> {
      phased.revert(id, reason);
      return "Phased release reverted: everyone is being given the previous full release again.";
    });
  }

  private static int whole(String text, String field) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw Problems.invalid("The " + field + " is a whole number.");
    }
  }

  private static String act(long id, RedirectAttributes flash, Supplier<String> action) {
    return Flash.run(flash, "/releases/" + id, () -> to("/releases/" + id, action.get()));
  }
}
