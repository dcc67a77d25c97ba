package dev.miniflow.token;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Personal and workspace service tokens over the API, for a person's own login (Basic or the
 * browser's session). The secret is in the answer to the POST that makes the token, and nowhere
 * after that.
 */
@RestController
class TokenApi {
  private final AccessTokens tokens;

  TokenApi(AccessTokens tokens) {
    this.tokens = tokens;
  }

  /** Lists the caller's personal access tokens. Never their secrets; a person's own login only. */
  @GetMapping("/api/v1/me/tokens")
  List<AccessTokens.TokenView> mine() {
    return tokens.mine();
  }

  /**
   * Creates a personal access token. Body: {"name": "ci-upload", "scopes": ["upload", "release", "read"],
   * "expiresInDays": 90}. The secret (mfp_…) is shown in this answer only; a person's own login only.
   */
  @PostMapping("/api/v1/me/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  AccessTokens.CreatedToken createPersonal(@RequestBody AccessTokens.NewToken token) {
    return tokens.createPersonal(token);
  }

  /** Revokes one of the caller's personal access tokens. */
  @PostMapping("/api/v1/me/tokens/{id}/revoke")
  AccessTokens.TokenView revokePersonal(@PathVariable long id) {
    return tokens.revokePersonal(id);
  }

  /** Lists a workspace's service tokens. Workspace admins only, with their own login. */
  @GetMapping("/api/v1/workspaces/{workspaceId}/service-tokens")
  List<AccessTokens.TokenView> ofWorkspace(@PathVariable long workspaceId) {
    return tokens.ofWorkspace(workspaceId);
  }

  /**
   * Creates a service token for a workspace. Body as for a personal token; the token (mfs_…) acts in this workspace
   * only, with its creator's roles there. Workspace admins only.
   */
  @PostMapping("/api/v1/workspaces/{workspaceId}/service-tokens")
  @ResponseStatus(HttpStatus.CREATED)
  AccessTokens.CreatedToken createService(@PathVariable long workspaceId, @RequestBody AccessTokens.NewToken token) {
    return tokens.createService(workspaceId, token);
  }

  /** Revokes a workspace's service token. Workspace admins only. */
  @PostMapping("/api/v1/workspaces/{workspaceId}/service-tokens/{id}/revoke")
  AccessTokens.TokenView revokeService(@PathVariable long workspaceId, @PathVariable long id) {
    return tokens.revokeService(workspaceId, id);
  }
}
