package dev.miniflow.partner;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The built-in partner app, the default connector: it "goes live" by recording the publication,
 * once per idempotency key.
 */
@Component
class SimulatedPartnerApp implements PartnerAppConnector {
  static final String KIND = "simulated";
  private final JdbcClient jdbc;

  SimulatedPartnerApp(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public PublicationReceipt publish(PublicationRequest request) {
    jdbc.sql("""
            insert into partner_publication(target_app_id, idempotency_key, bundle_sha256, stage, percent, testers)
            values (:app, :key, :sha, :stage, :percent, :testers) on conflict (idempotency_key) do nothing""")
        .param("app", request.targetApp().id())
        .param("key", request.idempotencyKey())
        .param("sha", request.bundleSha256())
        .param("stage", request.stage().name())
        .param("percent", request.percent())
        .param("testers", request.testers() == null ? null : request.testers().size())
        .update();
    var row = jdbc.sql("select id, published_at from partner_publication where idempotency_key = :key")
        .param("key", request.idempotencyKey())
        .query((rs, i) -> new PublicationReceipt("sim-" + rs.getLong("id"),
            rs.getTimestamp("published_at").toInstant()))
        .single();
    return row;
  }
}
