package dev.miniflow.workspace;

import dev.miniflow.support.DomainException;
import dev.miniflow.support.MiniflowSettings;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.support.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admins invite people by email. The link carries {@code <id>.<secret>.<signature>}: the signature
 * turns away forged links before any lookup, only the secret's hash is stored, and the link
 * works once, for three days.
 */
@Service
public class Invitations {
  static final Duration VALID_FOR = Duration.ofDays(3);
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{2,}");
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

  private final JdbcClient jdbc;
  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;
  private final PasswordEncoder passwords;
  private final SigningKey signing;
  private final AuditTrail audit;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final String baseUrl;
  private final SecureRandom random = new SecureRandom();

  private final LoginThrottle throttle;

  Invitations(JdbcClient jdbc, WorkspaceAccess access, WorkspaceService workspaces, PasswordEncoder passwords,
      SigningKey signing, AuditTrail audit, ApplicationEventPublisher events, Clock clock,
      MiniflowSettings settings, LoginThrottle throttle) {
    this.throttle = throttle;
    this.jdbc = jdbc;
    this.access = access;
    this.workspaces = workspaces;
    this.passwords = passwords;
    this.signing = signing;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
    this.baseUrl = settings.baseUrl();
  }

  public record Invitation(long id, String email, Set<Role> roles, Instant expiresAt, String link) {}

  @Transactional
  public Invitation invite(long workspaceId, String email, Set<Role> roles) {
    String admin = access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    String address = email == null ? "" : email.strip();
    if (!EMAIL.matcher(address).matches() || address.length() > 254) {
      throw Problems.invalid("'" + address + "' is not an email address.");
    }
    if (roles == null || roles.isEmpty()) {
      throw Problems.invalid("Give the invitee at least one role.");
    }
    byte[] secretBytes = new byte[24];
    random.nextBytes(secretBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    Instant expires = clock.instant().plus(VALID_FOR);
    long id = jdbc.sql("""
            insert into invitation(workspace_id, email, roles, token_hash, invited_by, expires_at)
            values (:ws, :email, :roles, :hash, :by, :expires) returning id""")
        .param("ws", workspaceId).param("email", address)
        .param("roles", roles.stream().map(Role::name).toArray(String[]::new))
        .param("hash", sha256(secret)).param("by", admin).param("expires", Timestamp.from(expires))
        .query(Long.class).single();
    String token = id + "." + secret;
    String link = baseUrl + "/invitations/" + token + "." + signing.sign(token);
    audit.record(admin, WorkspaceAudit.INVITATION_CREATED, workspaceId, workspaceId, address + " as " + roles);
    events.publishEvent(new InvitationCreated(address, workspaces.workspaceName(workspaceId), admin, link));
    return new Invitation(id, address, roles, expires, link);
  }

  /** What an invitation link offers, for the page that accepts it; refuses links that cannot be used. */
  public record Offer(long invitationId, String workspaceName, String email, Set<Role> roles) {}

  public Offer offer(String token) {
    Row row = valid(token);
    return new Offer(row.id(), workspaces.workspaceName(row.workspaceId()), row.email(), row.roles());
  }

  /**
   * Accepts an invitation: with the name and password of an existing account it links that
   * account, otherwise it creates one for the invited email. Works once.
   */
  @Transactional
  public String accept(String token, String username, String password, String displayName) {
    Row row = valid(token);
    String name = username == null ? "" : username.strip().toLowerCase();
    if (!USERNAME.matcher(name).matches()) {
      throw Problems.invalid("User names are 3 to 64 lower-case letters, digits, '.', '_' or '-'.");
    }
    if (password == null || password.length() < 10 || password.length() > 128) {
      throw Problems.invalid("The password must be 10 to 128 characters.");
    }
    var existing = jdbc.sql("select password_hash from app_user where username = :u").param("u", name)
        .query(String.class).optional();
    String address = clientAddress();
    throttle.lockedOut(name, address).ifPresent(wait -> {
      throw Problems.of(DomainException.Kind.TOO_MANY_ATTEMPTS, "Too many attempts",
          new dev.miniflow.support.TooManyLoginAttempts(wait).getMessage(), "too-many-attempts");
    });
    if (existing.isPresent()) {
      if (!passwords.matches(password, existing.get())) {
        throttle.failed(name, address);
        throw Problems.forbidden("That user name exists and the password does not match it.");
      }
    } else {
      workspaces.createAccount(name, displayName == null || displayName.isBlank() ? name : displayName.strip(),
          row.email(), password, name);
    }
    int claimed = jdbc.sql("""
            update invitation set accepted_at = now(), accepted_by = :u
            where id = :id and accepted_at is null and expires_at > :now""")
        .param("u", name).param("id", row.id()).param("now", Timestamp.from(clock.instant())).update();
    if (claimed == 0) {
      throw Problems.conflict("This invitation has just been used.");
    }
    workspaces.addMember(row.workspaceId(), name, row.roles(), name);
    audit.record(name, WorkspaceAudit.INVITATION_ACCEPTED, row.workspaceId(), row.workspaceId(),
        row.email() + " as " + name + " with " + row.roles());
    return name;
  }

  private record Row(long id, long workspaceId, String email, Set<Role> roles, Instant expiresAt, Instant acceptedAt) {}

  private Row valid(String token) {
    String[] parts = token == null ? new String[0] : token.split("\\.");
    if (parts.length != 3 || !parts[0].matches("\\d{1,18}") || !signing.verify(parts[0] + "." + parts[1], parts[2])) {
      throw Problems.notFound("Invitation");
    }
    Row row = jdbc.sql("""
            select id, workspace_id, email, roles, expires_at, accepted_at from invitation
            where id = :id and token_hash = :hash""")
        .param("id", Long.parseLong(parts[0])).param("hash", sha256(parts[1]))
        .query((rs, i) -> new Row(rs.getLong("id"), rs.getLong("workspace_id"), rs.getString("email"),
            roles((String[]) rs.getArray("roles").getArray()), rs.getTimestamp("expires_at").toInstant(),
            rs.getTimestamp("accepted_at") == null ? null : rs.getTimestamp("accepted_at").toInstant()))
        .optional().orElseThrow(() -> Problems.notFound("Invitation"));
    if (row.acceptedAt() != null) {
      throw Problems.of(DomainException.Kind.GONE, "Invitation used",
          "This invitation was already accepted; ask an admin for a new one if you need it.", "invitation-used");
    }
    if (!row.expiresAt().isAfter(clock.instant())) {
      throw Problems.of(DomainException.Kind.GONE, "Invitation expired",
          "This invitation expired on " + row.expiresAt() + "; ask an admin for a new one.", "invitation-expired");
    }
    return row;
  }

  private static Set<Role> roles(String[] names) {
    Set<Role> roles = java.util.EnumSet.noneOf(Role.class);
    for (String name : names) {
      roles.add(Role.valueOf(name));
    }
    return roles;
  }

  public List<Invitation> pending(long workspaceId) {
    access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    return jdbc.sql("""
            select id, email, roles, expires_at from invitation
            where workspace_id = :ws and accepted_at is null and expires_at > now() order by id desc""")
        .param("ws", workspaceId)
        .query((rs, i) -> new Invitation(rs.getLong("id"), rs.getString("email"),
            roles((String[]) rs.getArray("roles").getArray()), rs.getTimestamp("expires_at").toInstant(), null))
        .list();
  }

  private static String sha256(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String clientAddress() {
    var attributes = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
    return attributes instanceof org.springframework.web.context.request.ServletRequestAttributes servlet
        ? servlet.getRequest().getRemoteAddr() : null;
  }
}
