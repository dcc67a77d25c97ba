package dev.miniflow.workspace;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.DomainException;
import dev.miniflow.support.Problems;
import dev.miniflow.support.TooManyLoginAttempts;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The invitee accepts with the link: the name and password of an existing account link that
 * account, otherwise one is created for the invited email. A wrong password counts in the
 * {@link LoginThrottle} as at login, or the link would let anyone guess passwords unthrottled.
 */
@Service
class InvitationAcceptance {
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

  private final PendingInvitations invitations;
  private final Accounts accounts;
  private final PasswordEncoder passwords;
  private final LoginThrottle throttle;
  private final WorkspaceService workspaces;
  private final AuditTrail audit;

  InvitationAcceptance(PendingInvitations invitations, Accounts accounts, PasswordEncoder passwords,
      LoginThrottle throttle, WorkspaceService workspaces, AuditTrail audit) {
    this.invitations = invitations;
    this.accounts = accounts;
    this.passwords = passwords;
    this.throttle = throttle;
    this.workspaces = workspaces;
    this.audit = audit;
  }

  /**
   * Works once.
   *
   * @param address the caller's address, which failed attempts count against (null if unknown)
   * @return the account's user name
   */
  @Transactional
  String accept(String token, String username, String password, String displayName, String address) {
    PendingInvitations.Row row = invitations.open(token);
    String name = username == null ? "" : username.strip().toLowerCase();
    if (!USERNAME.matcher(name).matches()) {
      throw Problems.invalid("User names are 3 to 64 lower-case letters, digits, '.', '_' or '-'.");
    }
    if (password == null || password.length() < 10 || password.length() > 128) {
      throw Problems.invalid("The password must be 10 to 128 characters.");
    }
    var existing = accounts.findByUsername(name).map(Account::passwordHash);
    throttle.lockedOut(name, address).ifPresent(wait -> {
      throw Problems.of(DomainException.Kind.TOO_MANY_ATTEMPTS, "Too many attempts",
          new TooManyLoginAttempts(wait).getMessage(), "too-many-attempts");
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
    if (!invitations.claim(row.id(), name)) {
      throw Problems.conflict("This invitation has just been used.");
    }
    workspaces.addMember(row.workspaceId(), name, row.roles(), name);
    audit.record(name, WorkspaceAudit.INVITATION_ACCEPTED, row.workspaceId(), row.workspaceId(),
        row.email() + " as " + name + " with " + row.roles());
    return name;
  }
}
