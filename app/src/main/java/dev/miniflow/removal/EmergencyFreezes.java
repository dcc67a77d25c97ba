package dev.miniflow.removal;

import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.release.LiveReleases;
import dev.miniflow.release.Release;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An emergency freeze: an inspector or admin takes a mini program offline in every target app
 * where it is live, at once, with one reason. Each live release becomes a severe forced removal of
 * its own (its own process instance, taken offline and published once, audited), linked to the
 * freeze, and every release still on its way is stopped; each target app is restored separately,
 * by an admin's new release, which is always reviewed.
 */
@Service
public class EmergencyFreezes {
  static final String RULE = "Emergency freeze";

  private final MiniProgramService miniPrograms;
  private final LiveReleases releases;
  private final TargetApps targetApps;
  private final WorkspaceAccess workspaces;
  private final NewRemovals newRemovals;
  private final RemovalRepository removals;
  private final AuditTrail audit;
  private final JdbcClient jdbc;

  EmergencyFreezes(MiniProgramService miniPrograms, LiveReleases releases, TargetApps targetApps,
      WorkspaceAccess workspaces, NewRemovals newRemovals, RemovalRepository removals, AuditTrail audit,
      JdbcClient jdbc) {
    this.miniPrograms = miniPrograms;
    this.releases = releases;
    this.targetApps = targetApps;
    this.workspaces = workspaces;
    this.newRemovals = newRemovals;
    this.removals = removals;
    this.audit = audit;
    this.jdbc = jdbc;
  }

  /** A freeze and its removals, one per target app (and environment) it was live in. */
  public record Freeze(long id, long workspaceId, long miniProgramId, String reason, String frozenBy,
      Instant frozenAt, List<Removal> removals) {}

  @Transactional
  public Freeze freeze(long miniProgramId, String reason) {
    MiniProgram program = miniPrograms.get(miniProgramId);
    String user = workspaces.require(program.workspaceId(), "Mini program " + miniProgramId, Role.INSPECTOR,
        Role.ADMIN);
    String why = Text.prose(reason, "reason", 2000);
    if (why.length() < 10) {
      throw Problems.invalid("Say in a sentence why the mini program is frozen (at least 10 characters).");
    }
    // one freeze at a time per mini program; releases an open removal already takes offline are left to it
    jdbc.sql("select id from mini_program where id = :mp for update").param("mp", miniProgramId).query(Long.class)
        .single();
    List<Release> live = releases.of(miniProgramId).stream()
        .filter(r -> !removals.openFor(miniProgramId, r.id(), Removal.Status.names(Removal.Status.OPEN))).toList();
    if (live.isEmpty()) {
      throw Problems.conflict(program.name() + " is not live in any target app (or is being taken offline"
          + " already): there is nothing to freeze.");
    }
    long id = jdbc.sql("insert into listing_freeze (workspace_id, mini_program_id, reason, frozen_by)"
        + " values (:ws, :mp, :reason, :by) returning id").param("ws", program.workspaceId())
        .param("mp", miniProgramId).param("reason", why).param("by", user).query(Long.class).single();
    // nothing on its way may go live again by itself: a rollout reaching full would lift the block
    releases.stopInFlight(miniProgramId, user, "Emergency freeze: " + why);
    for (Release release : live) {
      Removal removal = newRemovals.found(program, List.of(release.id()), RULE, why, Removal.Severity.SEVERE, user);
      jdbc.sql("insert into listing_freeze_removal (freeze_id, removal_id) values (:f, :r)").param("f", id)
          .param("r", removal.id()).update();
      audit.record(user, RemovalAudit.FROZEN, removal.id(), program.workspaceId(), "Freeze " + id + ": "
          + targetApps.get(release.targetAppId()).name() + " (" + release.environment() + "): " + why);
    }
    return find(id);
  }

  public Freeze get(long freezeId) {
    Freeze freeze = find(freezeId);
    workspaces.requireMember(freeze.workspaceId(), "Freeze " + freezeId);
    return freeze;
  }

  public List<Freeze> ofMiniProgram(long miniProgramId) {
    miniPrograms.get(miniProgramId);
    return jdbc.sql("select id from listing_freeze where mini_program_id = :mp order by id desc limit 50")
        .param("mp", miniProgramId).query(Long.class).list().stream().map(this::find).toList();
  }

  private Freeze find(long freezeId) {
    List<Removal> linked = jdbc.sql("select removal_id from listing_freeze_removal where freeze_id = :f"
        + " order by removal_id").param("f", freezeId).query(Long.class).list().stream()
        .map(r -> removals.findById(r).orElseThrow()).toList();
    return jdbc.sql("select * from listing_freeze where id = :f").param("f", freezeId)
        .query((rs, n) -> freeze(rs, linked)).optional()
        .orElseThrow(() -> Problems.notFound("Freeze " + freezeId));
  }

  private static Freeze freeze(ResultSet rs, List<Removal> linked) throws SQLException {
    return new Freeze(rs.getLong("id"), rs.getLong("workspace_id"), rs.getLong("mini_program_id"),
        rs.getString("reason"), rs.getString("frozen_by"), rs.getTimestamp("frozen_at").toInstant(), linked);
  }
}
