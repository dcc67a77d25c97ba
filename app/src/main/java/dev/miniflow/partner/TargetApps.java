package dev.miniflow.partner;

import org.springframework.modulith.NamedInterface;
import dev.miniflow.support.Problems;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Target apps of a workspace, their listing rules, and publication through their connectors. */
@Service
@NamedInterface("api")
public class TargetApps {
  private final TargetAppRepository repository;
  private final ListingRuleSets ruleSets;
  private final Map<String, PartnerAppConnector> connectors;
  private final JdbcClient jdbc;
  private final PartnerEndpoints endpoints;

  TargetApps(TargetAppRepository repository, ListingRuleSets ruleSets, List<PartnerAppConnector> connectors,
      JdbcClient jdbc, PartnerEndpoints endpoints) {
    this.repository = repository;
    this.ruleSets = ruleSets;
    this.connectors = connectors.stream().collect(Collectors.toMap(PartnerAppConnector::kind, Function.identity()));
    this.jdbc = jdbc;
    this.endpoints = endpoints;
  }

  public List<TargetApp> ofWorkspace(long workspaceId) {
    return repository.findByWorkspaceIdOrderById(workspaceId);
  }

  /** The target app, if it belongs to the workspace; otherwise "not found". */
  public TargetApp get(long workspaceId, long targetAppId) {
    return repository.findById(targetAppId)
        .filter(app -> app.workspaceId() == workspaceId)
        .orElseThrow(() -> Problems.notFound("Target app " + targetAppId));
  }

  /** The version of listing rules (a release's, or a target app's current one). */
  public ListingRuleSet rules(long ruleSetId) {
    return ruleSets.findById(ruleSetId).orElseThrow(() -> new IllegalStateException("No listing rules " + ruleSetId));
  }

  /** The target app's listing rules now; those a new request is checked against. */
  public ListingRuleSet currentRules(TargetApp app) {
    return app.listingRulesId() == null ? ListingRuleSet.defaultsFor(app.kind()) : rules(app.listingRulesId());
  }

  /** The rules of the version given (a release's), or the app's current ones when there is none. */
  public ListingRuleSet rulesFor(TargetApp app, Long ruleSetId) {
    return ruleSetId == null ? currentRules(app) : rules(ruleSetId);
  }

  /** Refuses a connector Miniflow does not have, and an endpoint the partner rules do not allow. */
  void checkConnection(String connector, String endpointUrl) {
    if (connector != null && !connectors.containsKey(connector)) {
      throw Problems.invalid("Unknown connector '" + connector + "'; known are " + connectors.keySet() + ".");
    }
    if (endpointUrl != null && !endpointUrl.isBlank()) {
      endpoints.check(endpointUrl);
    }
  }

  public TargetApp get(long targetAppId) {
    return repository.findById(targetAppId).orElseThrow(() -> Problems.notFound("Target app " + targetAppId));
  }

  public PublicationReceipt publish(PublicationRequest request) {
    PartnerAppConnector connector = connectors.get(request.targetApp().connector());
    if (connector == null) {
      throw new IllegalStateException("No connector '" + request.targetApp().connector() + "' for target app "
          + request.targetApp().code());
    }
    return connector.publish(request);
  }

  /** How many times the partner has published under the key (the simulated partner's record). */
  public int publicationCount(String idempotencyKey) {
    return jdbc.sql("select count(*) from partner_publication where idempotency_key = :key")
        .param("key", idempotencyKey).query(Integer.class).single();
  }
}
