package dev.miniflow.miniprogram;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A mini program's allowed domains, and a version's own (which win for that version). */
@RestController
class ServerDomainsApi {
  private final ServerDomains domains;
  private final MiniProgramService miniPrograms;

  ServerDomainsApi(ServerDomains domains, MiniProgramService miniPrograms) {
    this.domains = domains;
    this.miniPrograms = miniPrograms;
  }

  record Lists(@Size(max = ServerDomains.MAX_PER_KIND) List<@Size(max = 253) String> request,
      @Size(max = ServerDomains.MAX_PER_KIND) List<@Size(max = 253) String> webView) {}

  /**
   * Reads the server domains a mini program may call. Its request and web-view allow-lists; for members of its
   * workspace.
   */
  @GetMapping("/api/v1/mini-programs/{id}/domains")
  ServerDomains.Allowed ofMiniProgram(@PathVariable long id) {
    return domains.ofMiniProgram(id);
  }

  /**
   * Replaces the server domains a mini program may call. Body: {"request": [..], "webView": [..]}; needs the release
   * scope on the mini program.
   */
  @PutMapping("/api/v1/mini-programs/{id}/domains")
  ServerDomains.Allowed replace(@PathVariable long id, @Valid @RequestBody Lists body) {
    return domains.replace(id, null, body.request(), body.webView());
  }

  /** Reads the server domains that hold for a version. Its own lists, or the mini program's when it has none. */
  @GetMapping("/api/v1/versions/{versionId}/domains")
  ServerDomains.Allowed forVersion(@PathVariable long versionId) {
    return domains.forVersion(versionId);
  }

  /**
   * Replaces a version's own server domains. Empty lists drop them, so the mini program's hold again; needs the
   * release scope.
   */
  @PutMapping("/api/v1/versions/{versionId}/domains")
  ServerDomains.Allowed replaceForVersion(@PathVariable long versionId, @Valid @RequestBody Lists body) {
    return domains.replace(miniPrograms.version(versionId).miniProgramId(), versionId, body.request(),
        body.webView());
  }
}
