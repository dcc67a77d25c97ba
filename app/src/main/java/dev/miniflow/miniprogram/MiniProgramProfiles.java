package dev.miniflow.miniprogram;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.MiniProgramRole;
import dev.miniflow.authorization.Scope;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.io.InputStream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating mini programs and changing what target apps list about them (name, description, language, logo). */
@Service
public class MiniProgramProfiles {
  /** A language tag such as en or zh-CN: a listing's default language and its further languages. */
  static final java.util.regex.Pattern LANGUAGE_TAG = java.util.regex.Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");

  private final MiniProgramRepository programs;
  private final org.springframework.context.ApplicationEventPublisher events;
  private final WorkspaceAccess access;
  private final AccessPolicy policy;
  private final AuditTrail audit;
  private final java.time.Clock clock;

  MiniProgramProfiles(MiniProgramRepository programs, org.springframework.context.ApplicationEventPublisher events,
      WorkspaceAccess access, AccessPolicy policy, AuditTrail audit, java.time.Clock clock) {
    this.programs = programs;
    this.events = events;
    this.access = access;
    this.policy = policy;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional
  public MiniProgram create(long workspaceId, String name, String description, String category) {
    String user = access.require(workspaceId, "Workspace " + workspaceId, Role.DEVELOPER, Role.ADMIN);
    String trimmed = Text.name(name, "name", 64);
    String about = Text.prose(description, "description", 400);
    String kind = category == null || category.isBlank() ? "" : Text.name(category, "category", 64);
    if (programs.existsByWorkspaceIdAndName(workspaceId, trimmed)) {
      throw Problems.conflict("A mini program named '" + trimmed + "' already exists in this workspace.");
    }
    MiniProgram saved = programs.save(new MiniProgram(null, workspaceId, trimmed, about, kind, user, clock.instant(),
        null, null, null, null));
    audit.record(user, MiniProgramAudit.CREATED, saved.id(), workspaceId, trimmed);
    policy.setRole(workspaceId, saved.id(), user, MiniProgramRole.ADMIN, user);
    return saved;
  }

  /** Changes what target apps list about the mini program (null leaves a field as it is). */
  @Transactional
  public MiniProgram updateProfile(long miniProgramId, String description, String category, String defaultLanguage) {
    return updateListing(miniProgramId, null, description, category, defaultLanguage);
  }

  /**
   * Changes the listing, the name too (unique in the workspace), in one step: where the mini
   * program is live, the whole change goes to review there ({@link ListingEdited}).
   */
  @Transactional
  public MiniProgram updateListing(long miniProgramId, String name, String description, String category,
      String defaultLanguage) {
    MiniProgram program = programs.findById(miniProgramId)
        .orElseThrow(() -> Problems.notFound("Mini program " + miniProgramId));
    String user = policy.require(program.workspaceId(), miniProgramId, Scope.UPLOAD);
    String newName = name == null ? program.name() : Text.name(name, "name", 64);
    if (!newName.equals(program.name()) && programs.existsByWorkspaceIdAndName(program.workspaceId(), newName)) {
      throw Problems.conflict("A mini program named '" + newName + "' already exists in this workspace.");
    }
    if (description != null) {
      Text.prose(description, "description", 400);
    }
    if (category != null && !category.isBlank()) {
      Text.name(category, "category", 64);
    }
    if (defaultLanguage != null && !defaultLanguage.isBlank()
        && !LANGUAGE_TAG.matcher(defaultLanguage.strip()).matches()) {
      throw Problems.invalid("The default language must be a language tag such as en or zh-CN.");
    }
    MiniProgram updated = programs.save(new MiniProgram(program.id(), program.workspaceId(), newName,
        description == null ? program.description() : description.strip(),
        category == null ? program.category() : category.strip(), program.createdBy(), program.createdAt(),
        defaultLanguage == null ? program.defaultLanguage() : blankToNull(defaultLanguage.strip()),
        program.logo(), program.logoWidth(), program.logoHeight()));
    if (!newName.equals(program.name())) {
      audit.record(user, MiniProgramAudit.RENAMED, miniProgramId, program.workspaceId(),
          program.name() + " → " + newName);
    }
    audit.record(user, MiniProgramAudit.UPDATED, miniProgramId, program.workspaceId(),
        "description, category, default language");
    events.publishEvent(new ListingEdited(program, updated, user));
    return updated;
  }

  /** Sets the logo: a PNG or JPEG image, read for its size without decoding it whole. */
  @Transactional
  public MiniProgram setLogo(long miniProgramId, InputStream content) {
    MiniProgram program = programs.findById(miniProgramId)
        .orElseThrow(() -> Problems.notFound("Mini program " + miniProgramId));
    String user = policy.require(program.workspaceId(), miniProgramId, Scope.UPLOAD);
    Logo logo = Logo.read(content);
    MiniProgram updated = programs.save(new MiniProgram(program.id(), program.workspaceId(), program.name(),
        program.description(), program.category(), program.createdBy(), program.createdAt(), program.defaultLanguage(),
        logo.bytes(), logo.width(), logo.height()));
    audit.record(user, MiniProgramAudit.LOGO_CHANGED, miniProgramId, program.workspaceId(),
        logo.width() + "×" + logo.height() + ", " + logo.bytes().length + " bytes");
    events.publishEvent(new ListingEdited(program, updated, user));
    return updated;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
