package dev.miniflow.token;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CallerToken;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.EnumCodes;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Sha256;
import dev.miniflow.support.Text;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Making, listing, revoking and checking access tokens. Tokens are managed only by a person's
 * own login: a token can neither make another token nor outlive its owner's roles.
 */
@Service
class AccessTokens {
  static final int MAX_ACTIVE = 50;
  static final int MAX_DAYS = 366;
  static final int DEFAULT_DAYS = 90;
  /** Prefix and 43 characters of base64url (32 random bytes). */
  private static final int SECRET_LENGTH = 4 + 43;

  private final AccessTokenStore store;
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  AccessTokens(AccessTokenStore store, WorkspaceAccess access, AuditTrail audit, Clock clock) {
    this.store = store;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  /** What to make: a name, at least one scope, and how many days it lasts (blank: 90). */
  record NewToken(String name, List<String> scopes, Integer expiresInDays) {}

  /** A token as its owner or a workspace admin sees it. */
  record TokenView(long id, TokenKind kind, String name, String owner, Long workspaceId, Set<TokenScope> scopes,
      Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt, String revokedBy,
      AccessToken.Status status) {}

  /** A new token with its secret, which is shown this once and never stored. */
  record CreatedToken(TokenView token, String secret) {}

  @Transactional
  CreatedToken createPersonal(NewToken request) {
    String owner = personOnly();
    Instant now = clock.instant();
    if (store.activePersonal(owner, now) >= MAX_ACTIVE) {
      throw Problems.conflict("You have " + MAX_ACTIVE + " active tokens already: revoke one you no longer use.");
    }
    return create(TokenKind.PERSONAL, owner, null, request, now);
  }

  @Transactional
  CreatedToken createService(long workspaceId, NewToken request) {
    personOnly();
    String owner = access.require(workspaceId, "workspace", Role.ADMIN);
    Instant now = clock.instant();
    if (store.activeService(workspaceId, now) >= MAX_ACTIVE) {
      throw Problems.conflict("This workspace has " + MAX_ACTIVE + " active service tokens already: revoke one.");
    }
    return create(TokenKind.SERVICE, owner, workspaceId, request, now);
  }

  private CreatedToken create(TokenKind kind, String owner, Long workspaceId, NewToken request, Instant now) {
    String name = Text.name(request.name(), "name", 64);
    Set<TokenScope> scopes = EnumCodes.setOf(TokenScope.class, request.scopes(), "scope");
    int days = request.expiresInDays() == null ? DEFAULT_DAYS : request.expiresInDays();
    if (days < 1 || days > MAX_DAYS) {
      throw Problems.invalid("expiresInDays must be between 1 and " + MAX_DAYS + ".");
    }
    String secret = kind.prefix() + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
    long id = store.insert(kind, owner, workspaceId, name, scopes, Sha256.hex(secret), now,
        now.plus(Duration.ofDays(days)))
        .orElseThrow(() -> Problems.conflict("A token named '" + name + "' exists already (an expired one"
            + " keeps its name until it is revoked): pick another name, or revoke that one first."));
    AccessToken token = store.byId(id).orElseThrow();
    audit.record(owner, TokenAudit.TOKEN_CREATED, id, workspaceId,
        token.auditName() + " with scopes " + scopes.stream().map(TokenScope::code).toList() + ", expires "
            + token.expiresAt());
    return new CreatedToken(view(token), secret);
  }

  List<TokenView> mine() {
    return store.personalOf(personOnly()).stream().map(this::view).toList();
  }

  List<TokenView> ofWorkspace(long workspaceId) {
    personOnly();
    access.require(workspaceId, "workspace", Role.ADMIN);
    return store.serviceOf(workspaceId).stream().map(this::view).toList();
  }

  /** Only its owner revokes a personal token. */
  @Transactional
  TokenView revokePersonal(long id) {
    String user = personOnly();
    return revoke(store.byId(id).filter(t -> t.kind() == TokenKind.PERSONAL && t.owner().equals(user))
        .orElseThrow(() -> Problems.notFound("token")), user);
  }

  /** Any admin of its workspace revokes a service token (its creator may have left). */
  @Transactional
  TokenView revokeService(long workspaceId, long id) {
    personOnly();
    String user = access.require(workspaceId, "workspace", Role.ADMIN);
    return revoke(store.byId(id).filter(t -> t.kind() == TokenKind.SERVICE && t.workspaceId() == workspaceId)
        .orElseThrow(() -> Problems.notFound("token")), user);
  }

  private TokenView revoke(AccessToken token, String user) {
    if (store.revoke(token.id(), user, clock.instant())) {
      audit.record(user, TokenAudit.TOKEN_REVOKED, token.id(), token.workspaceId(), token.auditName());
    }
    return view(store.byId(token.id()).orElseThrow());
  }

  /**
   * The token a secret names, if it may be used now: not revoked, not expired, its owner's account
   * enabled. The reason a secret is refused is the caller's to read (their own token's state).
   */
  AccessToken check(String secret) {
    if (secret.length() != SECRET_LENGTH
        || !(secret.startsWith(TokenKind.PERSONAL.prefix()) || secret.startsWith(TokenKind.SERVICE.prefix()))) {
      throw new TokenRefused("This is not a Miniflow access token.");
    }
    AccessToken token = store.bySecretHash(Sha256.hex(secret))
        .orElseThrow(() -> new TokenRefused("This token is unknown."));
    Instant now = clock.instant();
    switch (token.status(now)) {
      case REVOKED -> throw new TokenRefused("This token was revoked.");
      case EXPIRED -> throw new TokenRefused("This token expired at " + token.expiresAt() + ".");
      case ACTIVE -> {}
    }
    if (!access.enabled(token.owner())) {
      throw new TokenRefused("The account this token belongs to is disabled.");
    }
    store.touch(token.id(), now);
    return token;
  }

  /** Why a secret cannot be used; answered 401. */
  static final class TokenRefused extends org.springframework.security.core.AuthenticationException {
    TokenRefused(String message) {
      super(message);
    }
  }

  private String personOnly() {
    if (CallerToken.current().isPresent()) {
      throw Problems.forbidden("Tokens are managed with a person's own login, never with a token.");
    }
    return CurrentUser.username();
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return bytes;
  }

  private TokenView view(AccessToken t) {
    return new TokenView(t.id(), t.kind(), t.name(), t.owner(), t.workspaceId(), t.scopes(), t.createdAt(),
        t.expiresAt(), t.lastUsedAt(), t.revokedAt(), t.revokedBy(), t.status(clock.instant()));
  }
}
