package dev.miniflow.miniprogram;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The domains a mini program may call and show in web views: its own list, or a version's, which
 * wins for that version. Release validation checks the package's declared domains against them
 * ({@link #unlisted}); those who may release it change them.
 */
@Service
@NamedInterface("api")
public class ServerDomains {
  static final int MAX_PER_KIND = 100;

  private final JdbcClient jdbc;
  private final MiniProgramService miniPrograms;
  private final AccessPolicy policy;
  private final AuditTrail audit;

  ServerDomains(JdbcClient jdbc, MiniProgramService miniPrograms, AccessPolicy policy, AuditTrail audit) {
    this.jdbc = jdbc;
    this.miniPrograms = miniPrograms;
    this.policy = policy;
    this.audit = audit;
  }

  public enum Kind {
    REQUEST("request"), WEB_VIEW("web-view");

    private final String words;

    Kind(String words) {
      this.words = words;
    }
  }

  /**
   * @param fromVersion whether these are the version's own lists (else the mini program's)
   */
  @NamedInterface("api")
  public record Allowed(List<String> request, List<String> webView, boolean fromVersion) {}

  /** The mini program's own lists (a member reads them). */
  public Allowed ofMiniProgram(long miniProgramId) {
    miniPrograms.get(miniProgramId);
    return new Allowed(list(miniProgramId, null, Kind.REQUEST), list(miniProgramId, null, Kind.WEB_VIEW), false);
  }

  /** The lists that hold for the version: its own when it has any, else the mini program's. */
  public Allowed forVersion(long versionId) {
    AppVersion version = miniPrograms.version(versionId);
    return effective(version);
  }

  /** Replaces the mini program's lists, or (versionId given) that version's; empty lists for a version drop its own. */
  @Transactional
  public Allowed replace(long miniProgramId, Long versionId, List<String> request, List<String> webView) {
    MiniProgram program = miniPrograms.get(miniProgramId);
    if (versionId != null && miniPrograms.version(versionId).miniProgramId() != miniProgramId) {
      throw Problems.notFound("Version " + versionId);
    }
    String user = policy.require(program.workspaceId(), miniProgramId, Scope.RELEASE);
    List<String> requestDomains = checked(request);
    List<String> webViewDomains = checked(webView);
    jdbc.sql("delete from server_domain where mini_program_id = :mp and version_id is not distinct from :v")
        .param("mp", miniProgramId).param("v", versionId).update();
    insert(miniProgramId, versionId, Kind.REQUEST, requestDomains);
    insert(miniProgramId, versionId, Kind.WEB_VIEW, webViewDomains);
    audit.record(user, MiniProgramAudit.DOMAINS_CHANGED, miniProgramId, program.workspaceId(),
        (versionId == null ? "" : "version " + versionId + ": ") + "request " + requestDomains + ", web-view "
            + webViewDomains);
    return versionId == null ? ofMiniProgram(miniProgramId) : forVersion(versionId);
  }

  /** For release validation: each declared domain the version may not use, as a sentence. */
  public List<String> unlisted(long versionId, PackageReport report) {
    if (report.requestDomains().isEmpty() && report.webViewDomains().isEmpty()) {
      return List.of(); // nothing declared, nothing to look up
    }
    Allowed allowed = effective(miniPrograms.versionWithoutAccessCheck(versionId));
    List<String> problems = new ArrayList<>();
    unlisted(report.requestDomains(), allowed.request(), Kind.REQUEST, problems);
    unlisted(report.webViewDomains(), allowed.webView(), Kind.WEB_VIEW, problems);
    return problems;
  }

  private static void unlisted(List<String> declared, List<String> allowed, Kind kind, List<String> problems) {
    for (String domain : declared) {
      if (!allowed.contains(domain)) {
        problems.add("The " + kind.words + " domain '" + domain + "' is not among the mini program's allowed "
            + kind.words + " domains.");
      }
    }
  }

  private Allowed effective(AppVersion version) {
    List<String> request = list(version.miniProgramId(), version.id(), Kind.REQUEST);
    List<String> webView = list(version.miniProgramId(), version.id(), Kind.WEB_VIEW);
    if (!request.isEmpty() || !webView.isEmpty()) {
      return new Allowed(request, webView, true);
    }
    return new Allowed(list(version.miniProgramId(), null, Kind.REQUEST),
        list(version.miniProgramId(), null, Kind.WEB_VIEW), false);
  }

  private List<String> list(long miniProgramId, Long versionId, Kind kind) {
    return jdbc.sql("""
            select domain from server_domain
            where mini_program_id = :mp and version_id is not distinct from :v and kind = :kind order by domain""")
        .param("mp", miniProgramId).param("v", versionId).param("kind", kind.name()).query(String.class).list();
  }

  private void insert(long miniProgramId, Long versionId, Kind kind, List<String> domains) {
    for (String domain : domains) {
      jdbc.sql("insert into server_domain(mini_program_id, version_id, kind, domain) values (:mp, :v, :kind, :d)")
          .param("mp", miniProgramId).param("v", versionId).param("kind", kind.name()).param("d", domain).update();
    }
  }

  private static List<String> checked(List<String> domains) {
    if (domains == null) {
      return List.of();
    }
    if (domains.size() > MAX_PER_KIND) {
      throw Problems.invalid("At most " + MAX_PER_KIND + " domains of each kind.");
    }
    List<String> result = new ArrayList<>();
    for (String raw : domains) {
      String domain = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
      if (domain.length() > 253 || !ManifestCheck.DOMAIN.matcher(domain).matches()) {
        throw Problems.invalid("'" + ManifestCheck.printable(String.valueOf(raw))
            + "' is not a domain name (a host such as api.example.com, without scheme, port or path).");
      }
      if (!result.contains(domain)) {
        result.add(domain);
      }
    }
    return result;
  }
}
