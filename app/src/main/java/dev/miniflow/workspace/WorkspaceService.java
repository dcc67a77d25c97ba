package dev.miniflow.workspace;

import org.springframework.modulith.NamedInterface;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates workspaces, accounts and memberships. */
@Service
@NamedInterface("api")
public class WorkspaceService {
  private final java.time.Clock clock;
  private final Workspaces workspaces;
  private final Accounts accounts;
  private final PasswordEncoder passwords;
  private final AuditTrail audit;
  private final ApplicationEventPublisher events;

  WorkspaceService(Workspaces workspaces, Accounts accounts, PasswordEncoder passwords,
      AuditTrail audit, ApplicationEventPublisher events, java.time.Clock clock) {
    this.workspaces = workspaces;
    this.clock = clock;
    this.accounts = accounts;
    this.passwords = passwords;
    this.audit = audit;
    this.events = events;
  }

  @Transactional
  public long createWorkspace(String wanted, String actor) {
    String name = checkedName(wanted);
    if (workspaces.findByName(name).isPresent()) {
      throw Problems.conflict("A workspace named '" + name + "' already exists.");
    }
    Workspace saved = workspaces.save(new Workspace(null, name, clock.instant(), null, null));
    audit.record(actor, WorkspaceAudit.WORKSPACE_CREATED, saved.id(), saved.id(), name);
    events.publishEvent(new WorkspaceCreated(saved.id(), name));
    return saved.id();
  }

  /** A workspace name as people will see it: 1 to 128 characters of text, without surrounding space. */
  static String checkedName(String wanted) {
    String name = wanted == null ? "" : wanted.strip();
    if (name.isEmpty() || name.length() > 128 || name.chars().anyMatch(Character::isISOControl)) {
      throw Problems.invalid("A workspace name has 1 to 128 characters, without control characters.");
    }
    return name;
  }

  @Transactional
  public long createAccount(String username, String displayName, String email, String rawPassword, String actor) {
    if (accounts.findByUsername(username).isPresent()) {
      throw Problems.conflict("The user name '" + username + "' is taken.");
    }
    Account saved = accounts.save(new Account(null, username, displayName, email,
        passwords.encode(rawPassword), true, clock.instant()));
    audit.record(actor, WorkspaceAudit.ACCOUNT_CREATED, saved.id(), null, username);
    return saved.id();
  }

  @Transactional
  public void addMember(long workspaceId, String username, Set<Role> roles, String actor) {
    Account account = accounts.findByUsername(username)
        .orElseThrow(() -> Problems.notFound("User '" + username + "'"));
    for (Role role : roles) {
      workspaces.addMember(workspaceId, account.id(), role.name());
    }
    audit.record(actor, WorkspaceAudit.MEMBER_ADDED, workspaceId, workspaceId, username + " as " + roles);
  }

  /** Gives the installation's first admin the platform roles (never reachable from a workspace). */
  @org.springframework.transaction.annotation.Transactional(
      propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
  void grantPlatformRoles(String username, String actor) {
    for (PlatformRole role : PlatformRole.values()) {
      accounts.grantPlatformRole(username, role.name());
    }
    audit.record(actor, WorkspaceAudit.PLATFORM_ROLES_GRANTED, username, null,
        java.util.Arrays.toString(PlatformRole.values()));
  }

  public boolean hasAccounts() {
    return accounts.count() > 0;
  }

  public String workspaceName(long workspaceId) {
    return workspaces.findById(workspaceId).map(Workspace::name).orElse("#" + workspaceId);
  }

  public List<Workspace> all() {
    return workspaces.findAll();
  }

  public String emailOf(String username) {
    return accounts.findByUsername(username).map(Account::email).orElse(null);
  }

  public String displayName(String username) {
    return accounts.findByUsername(username).map(Account::displayName).orElse(username);
  }
}
