package dev.miniflow.miniprogram;

import dev.miniflow.support.Problems;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HexFormat;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1")
class MiniProgramApi {
  private final MiniProgramService service;
  private final MiniProgramProfiles profiles;
  private final VersionPackages versionPackages;

  MiniProgramApi(MiniProgramService service, MiniProgramProfiles profiles, VersionPackages versionPackages) {
    this.service = service;
    this.profiles = profiles;
    this.versionPackages = versionPackages;
  }

  record NewMiniProgram(@NotBlank @Size(max = 64) String name, @Size(max = 400) String description,
      @Size(max = 64) String category) {}

  /** Lists the mini programs of a workspace. For its members. */
  @GetMapping("/workspaces/{workspaceId}/mini-programs")
  List<MiniProgramView> list(@PathVariable long workspaceId) {
    return service.ofWorkspace(workspaceId).stream().map(MiniProgramView::of).toList();
  }

  /**
   * Creates a mini program in a workspace. Body: {"name", "description", "category"}; for workspace developers and
   * admins, who become its admin.
   */
  @PostMapping("/workspaces/{workspaceId}/mini-programs")
  ResponseEntity<MiniProgramView> create(@PathVariable long workspaceId, @Valid @RequestBody NewMiniProgram body) {
    MiniProgram created = profiles.create(workspaceId, body.name(), body.description(), body.category());
    return ResponseEntity.created(URI.create("/api/v1/mini-programs/" + created.id()))
        .body(MiniProgramView.of(created));
  }

  /** Reads one mini program. For members of its workspace. */
  @GetMapping("/mini-programs/{id}")
  MiniProgramView get(@PathVariable long id) {
    return MiniProgramView.of(service.get(id));
  }

  record ProfileChange(@Size(max = 64) String name, @Size(max = 400) String description,
      @Size(max = 64) String category, @Size(max = 35) String defaultLanguage) {}

  /**
   * Changes a mini program's profile. Body: any of name, description, category, defaultLanguage; needs the upload
   * scope. Where the mini program is live, the change (a new name too) goes to review in each target app.
   */
  @org.springframework.web.bind.annotation.PatchMapping("/mini-programs/{id}")
  MiniProgramView update(@PathVariable long id, @Valid @RequestBody ProfileChange body) {
    return MiniProgramView.of(body.name() == null
        ? profiles.updateProfile(id, body.description(), body.category(), body.defaultLanguage())
        : profiles.updateListing(id, body.name(), body.description(), body.category(), body.defaultLanguage()));
  }

  /**
   * Replaces a mini program's logo. Multipart form: logo (an image, re-encoded as PNG); needs the upload scope on
   * the mini program.
   */
  @org.springframework.web.bind.annotation.PutMapping(path = "/mini-programs/{id}/logo",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  MiniProgramView logo(@PathVariable long id, @RequestPart("logo") MultipartFile logo) throws IOException {
    try (InputStream in = logo.getInputStream()) {
      return MiniProgramView.of(profiles.setLogo(id, in));
    }
  }

  /** Lists the uploaded versions of a mini program. For members of its workspace. */
  @GetMapping("/mini-programs/{id}/versions")
  List<AppVersionView> versions(@PathVariable long id) {
    return service.versions(id).stream().map(AppVersionView::of).toList();
  }

  /** Reads one uploaded version. For members of its workspace. */
  @GetMapping("/versions/{versionId}")
  AppVersionView version(@PathVariable long versionId) {
    return AppVersionView.of(service.version(versionId));
  }

  /**
   * Downloads a version's package. For those who may upload to its mini program (audited), from whichever store holds
   * it; checked against its SHA-256 before it is sent.
   */
  @GetMapping("/versions/{versionId}/package")
  void download(@PathVariable long versionId, HttpServletResponse response) throws IOException {
    AppVersion version = service.version(versionId);
    try (PackageStore.Opened stored = versionPackages.downloadPackage(version)) {
      response.setContentType("application/zip");
      response.setContentLengthLong(version.packageBytes());
      response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
          .filename("version-" + version.id() + "-" + version.version() + ".zip").build().toString());
      response.setHeader("Repr-Digest", "sha-256=:"
          + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(version.sha256())) + ":");
      Files.copy(stored.file(), response.getOutputStream());
    }
  }

  /**
   * Uploads a new version of a mini program. Multipart form: version (semantic version, higher than the last) and
   * package (the zip). Needs the upload scope; the package is inspected and refused (400, 413 or 422) when it breaks
   * the rules.
   */
  @PostMapping(path = "/mini-programs/{id}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<AppVersionView> upload(@PathVariable long id, @RequestParam("version") String version,
      @RequestPart("package") MultipartFile pkg) throws IOException {
    if (pkg.isEmpty()) {
      throw Problems.invalid("The package file is empty.");
    }
    try (InputStream in = pkg.getInputStream()) {
      AppVersion created = versionPackages.upload(id, version, in);
      return ResponseEntity.created(URI.create("/api/v1/versions/" + created.id()))
          .body(AppVersionView.of(created));
    }
  }
}
