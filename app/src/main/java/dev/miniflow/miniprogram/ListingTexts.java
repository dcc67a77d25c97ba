package dev.miniflow.miniprogram;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A mini program's name and description in further languages. Changing them is a listing change
 * like any other ({@link ListingEdited}): reviewed where the mini program is live.
 */
@Service
@NamedInterface("api")
public class ListingTexts {
  static final int MAX_LANGUAGES = 30;

  private final JdbcClient jdbc;
  private final MiniProgramService miniPrograms;
  private final AccessPolicy policy;
  private final AuditTrail audit;
  private final ApplicationEventPublisher events;

  ListingTexts(JdbcClient jdbc, MiniProgramService miniPrograms, AccessPolicy policy, AuditTrail audit,
      ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.miniPrograms = miniPrograms;
    this.policy = policy;
    this.audit = audit;
    this.events = events;
  }

  /** The texts as they are, for the listing a target app gets (no access check: the caller checked). */
  public List<ListingText> of(long miniProgramId) {
    return jdbc.sql("select language, name, description from mini_program_text where mini_program_id = :mp"
        + " order by language").param("mp", miniProgramId)
        .query((rs, i) -> new ListingText(rs.getString("language"), rs.getString("name"), rs.getString("description")))
        .list();
  }

  public List<ListingText> list(long miniProgramId) {
    miniPrograms.get(miniProgramId);
    return of(miniProgramId);
  }

  @Transactional
  public List<ListingText> put(long miniProgramId, String rawLanguage, String name, String description) {
    MiniProgram program = miniPrograms.get(miniProgramId);
    String user = policy.require(program.workspaceId(), miniProgramId, Scope.UPLOAD);
    String language = language(rawLanguage);
    String title = Text.name(name, "name", 64);
    String about = Text.prose(description, "description", 400);
    List<ListingText> before = of(miniProgramId);
    if (before.size() >= MAX_LANGUAGES && before.stream().noneMatch(t -> t.language().equals(language))) {
      throw Problems.invalid("A mini program has texts in at most " + MAX_LANGUAGES + " further languages.");
    }
    jdbc.sql("""
            insert into mini_program_text(mini_program_id, language, name, description) values (:mp, :l, :n, :d)
            on conflict (mini_program_id, language) do update set name = excluded.name,
              description = excluded.description""")
        .param("mp", miniProgramId).param("l", language).param("n", title).param("d", about).update();
    audit.record(user, MiniProgramAudit.TEXTS_CHANGED, miniProgramId, program.workspaceId(), language + ": " + title);
    events.publishEvent(new ListingEdited(program, program, user, before));
    return of(miniProgramId);
  }

  @Transactional
  public List<ListingText> remove(long miniProgramId, String rawLanguage) {
    MiniProgram program = miniPrograms.get(miniProgramId);
    String user = policy.require(program.workspaceId(), miniProgramId, Scope.UPLOAD);
    String language = language(rawLanguage);
    List<ListingText> before = of(miniProgramId);
    if (jdbc.sql("delete from mini_program_text where mini_program_id = :mp and language = :l")
        .param("mp", miniProgramId).param("l", language).update() == 0) {
      throw Problems.notFound("Texts in '" + language + "'");
    }
    audit.record(user, MiniProgramAudit.TEXTS_CHANGED, miniProgramId, program.workspaceId(), language + " removed");
    events.publishEvent(new ListingEdited(program, program, user, before));
    return of(miniProgramId);
  }

  private static String language(String raw) {
    String language = raw == null ? "" : raw.strip();
    if (language.length() > 35 || !MiniProgramProfiles.LANGUAGE_TAG.matcher(language).matches()) {
      throw Problems.invalid("A language is a tag such as en or zh-CN.");
    }
    return language;
  }
}
