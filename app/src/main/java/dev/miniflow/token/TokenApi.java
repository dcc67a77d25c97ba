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

  @GetMapping("/api/v1/me/tokens")
  List<AccessTokens.TokenView> mine() {
    return tokens.mine();
  }

  /** Body: {"name": "ci-upload", "scopes": ["upload", "release", "read"], "expiresInDays": 90}. */
  @PostMapping("/api/v1/me/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  AccessTokens.Created createPersonal(@RequestBody AccessTokens.NewToken token) {
    return tokens.createPersonal(token);
  }

  @PostMapping("/api/v1/me/tokens/{id}/revoke")
  AccessTokens.TokenView revokePersonal(@PathVariable long id) {
    return tokens.revokePersonal(id);
  }

  @GetMapping("/api/v1/workspaces/{workspaceId}/service-tokens")
  List<AccessTokens.TokenView> ofWorkspace(@PathVariable long workspaceId) {
    return tokens.ofWorkspace(workspaceId);
  }

  /** Body as for a personal token; the token acts in this workspace only, with its creator's roles there. */
  @PostMapping("/api/v1/workspaces/{workspaceId}/service-tokens")
  @ResponseStatus(HttpStatus.CREATED)
  AccessTokens.Created createService(@PathVariable long workspaceId, @RequestBody AccessTokens.NewToken token) {
    return tokens.createService(workspaceId, token);
  }

  @PostMapping("/api/v1/workspaces/{workspaceId}/service-tokens/{id}/revoke")
  AccessTokens.TokenView revokeService(@PathVariable long workspaceId, @PathVariable long id) {
    return tokens.revokeService(workspaceId, id);
  }
}
