package dev.miniflow.listing;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The page of a mini program's listing changes, where whoever made one withdraws it while it is reviewed. */
@Controller
class ListingChangePages {
  private final ListingChangeActions actions;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;

  ListingChangePages(ListingChangeActions actions, MiniProgramService miniPrograms, TargetApps targetApps) {
    this.actions = actions;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
  }

  @GetMapping("/mini-programs/{id}/listing-changes")
  String list(@PathVariable long id, Model model) {
    MiniProgram program = miniPrograms.get(id);
    model.addAttribute("program", program);
    model.addAttribute("changes", actions.ofMiniProgram(id, program.workspaceId()));
    model.addAttribute("targetApps", targetApps.ofWorkspace(program.workspaceId()));
    return "listing/changes";
  }

  @PostMapping("/listing-changes/{id}/withdraw")
  String withdraw(@PathVariable long id, RedirectAttributes flash) {
    // a change the caller may not see is "not found" here, as a page
    String back = "/mini-programs/" + actions.get(id).miniProgramId() + "/listing-changes";
    return Flash.run(flash, back, () -> {
      actions.withdraw(id);
      return to(back, "Listing change withdrawn: the target app keeps what it lists.");
    });
  }
}
