package dev.miniflow.miniprogram;

import static dev.miniflow.support.Flash.to;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.support.Flash;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import dev.miniflow.workspace.WorkspaceService;
import dev.miniflow.support.CurrentUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class MiniProgramPages {
  private final MiniProgramService service;
  private final MiniProgramProfiles profiles;
  private final VersionPackages versionPackages;
  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;
  private final ObjectMapper json;
  private final AccessPolicy policy;

  MiniProgramPages(MiniProgramService service, MiniProgramProfiles profiles, VersionPackages versionPackages,
      WorkspaceAccess access, WorkspaceService workspaces, ObjectMapper json, AccessPolicy policy) {
    this.profiles = profiles;
    this.versionPackages = versionPackages;
    this.policy = policy;
    this.service = service;
    this.access = access;
    this.workspaces = workspaces;
    this.json = json;
  }

  @GetMapping("/workspaces/{workspaceId}/mini-programs")
  String list(@PathVariable long workspaceId, Model model) {
    model.addAttribute("programs", service.ofWorkspace(workspaceId));
    model.addAttribute("workspaceId", workspaceId);
    model.addAttribute("workspaceName", workspaces.workspaceName(workspaceId));
    model.addAttribute("canCreate", canDevelop(workspaceId));
    return "miniprogram/list";
  }

  @PostMapping("/workspaces/{workspaceId}/mini-programs")
  String create(@PathVariable long workspaceId, @RequestParam String name,
      @RequestParam(defaultValue = "") String description, @RequestParam(defaultValue = "") String category,
      RedirectAttributes flash) {
    return Flash.run(flash, "/workspaces/" + workspaceId + "/mini-programs", () -> {
      MiniProgram created = profiles.create(workspaceId, name, description, category);
      return to("/mini-programs/" + created.id(), "Mini program " + created.name() + " created.");
    });
  }

  @GetMapping("/mini-programs/{id}")
  String detail(@PathVariable long id, Model model) {
    MiniProgram program = service.get(id);
    model.addAttribute("program", program);
    model.addAttribute("versions", service.versions(id).stream().map(v -> new VersionRow(v, report(v))).toList());
    model.addAttribute("canUpload", policy.has(program.workspaceId(), id, Scope.UPLOAD));
    model.addAttribute("canRelease", policy.has(program.workspaceId(), id, Scope.RELEASE));
    return "miniprogram/detail";
  }

  @PostMapping("/mini-programs/{id}/versions")
  String upload(@PathVariable long id, @RequestParam(defaultValue = "") String version,
      @RequestParam("package") MultipartFile pkg, RedirectAttributes flash) {
    return Flash.run(flash, "/mini-programs/" + id, () -> {
      if (pkg.isEmpty()) {
        throw Problems.invalid("Choose a package (.zip) to upload.");
      }
      try (InputStream in = pkg.getInputStream()) {
        AppVersion created = versionPackages.upload(id, version, in);
        return to("/mini-programs/" + id, "Version " + created.version() + " uploaded and checked.");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @PostMapping("/mini-programs/{id}/profile")
  String profile(@PathVariable long id, @RequestParam(defaultValue = "") String description,
      @RequestParam(defaultValue = "") String defaultLanguage, RedirectAttributes flash) {
    return Flash.run(flash, "/mini-programs/" + id, () -> {
      profiles.updateProfile(id, description, null, defaultLanguage);
      return to("/mini-programs/" + id, "Listing saved.");
    });
  }

  @PostMapping("/mini-programs/{id}/logo")
  String logo(@PathVariable long id, @RequestParam("logo") MultipartFile logo, RedirectAttributes flash) {
    return Flash.run(flash, "/mini-programs/" + id, () -> {
      try (InputStream in = logo.getInputStream()) {
        profiles.setLogo(id, in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return to("/mini-programs/" + id, "Logo saved.");
    });
  }

  /** The logo as re-encoded (PNG; logos stored before that may be JPEG); never sniffed as anything else. */
  @GetMapping("/mini-programs/{id}/logo")
  org.springframework.http.ResponseEntity<byte[]> logoImage(@PathVariable long id) {
    MiniProgram program = service.get(id);
    if (program.logo() == null) {
      throw Problems.notFound("Logo");
    }
    boolean png = program.logo().length > 3 && program.logo()[1] == 'P' && program.logo()[2] == 'N';
    return org.springframework.http.ResponseEntity.ok()
        .contentType(png ? org.springframework.http.MediaType.IMAGE_PNG : org.springframework.http.MediaType.IMAGE_JPEG)
        .header("X-Content-Type-Options", "nosniff")
        .body(program.logo());
  }

  record VersionRow(AppVersion version, PackageReport report) {}

  private PackageReport report(AppVersion version) {
    try {
      return json.readValue(version.report(), PackageReport.class);
    } catch (IOException e) {
      return null;
    }
  }

  private boolean canDevelop(long workspaceId) {
    var roles = access.rolesOf(CurrentUser.username(), workspaceId);
    return roles.contains(Role.DEVELOPER) || roles.contains(Role.ADMIN);
  }
}
