package dev.miniflow.partner;

import org.springframework.modulith.NamedInterface;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import org.springframework.transaction.annotation.Transactional;
import dev.miniflow.workspace.WorkspaceCreated;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Target apps of a workspace and publication through their connectors. */
@Service
@NamedInterface("api")
public class TargetApps {
  private final TargetAppRepository repository;
  private final Map<String, PartnerAppConnector> connectors;
  private final JdbcClient jdbc;
  private final WorkspaceAccess access;
  private final AuditTrail audit;

  private final PartnerEndpoints endpoints;

  TargetApps(TargetAppRepository repository, List<PartnerAppConnector> connectors, JdbcClient jdbc,
      WorkspaceAccess access, AuditTrail audit, PartnerEndpoints endpoints) {
    this.endpoints = endpoints;
    this.repository = repository;
    this.connectors = connectors.stream().collect(Collectors.toMap(PartnerAppConnector::kind, Function.identity()));
    this.jdbc = jdbc;
    this.access = access;
    this.audit = audit;
  }

  /**
   * Every new workspace can publish to its own app, a partner app and a stricter "China-style"
   * app, all served by the built-in simulated partner until an admin points them elsewhere.
   */
  @EventListener
  void giveDefaults(WorkspaceCreated created) {
    repository.save(new TargetApp(null, created.workspaceId(), "native", created.name() + " app",
        SimulatedPartnerApp.KIND, TargetAppKind.NATIVE, false, null, null));
    repository.save(new TargetApp(null, created.workspaceId(), "partner-wallet", "Partner Wallet",
        SimulatedPartnerApp.KIND, TargetAppKind.PARTNER, true, null, null));
    repository.save(new TargetApp(null, created.workspaceId(), "china-style", "China-style Super App",
        SimulatedPartnerApp.KIND, TargetAppKind.STRICT, true, null, null));
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

  /** Admins point a target app at its connector; the secret is write-only. */
  @Transactional
  public TargetApp configure(long targetAppId, String name, String connector, String endpointUrl, String secret,
      Boolean sandboxReviewRequired) {
    TargetApp app = get(targetAppId);
    String admin = access.require(app.workspaceId(), "Target app " + targetAppId, Role.ADMIN);
    if (connector != null && !connectors.containsKey(connector)) {
      throw Problems.invalid("Unknown connector '" + connector + "'; known are " + connectors.keySet() + ".");
    }
    if (endpointUrl != null && !endpointUrl.isBlank()) {
      endpoints.check(endpointUrl);
    }
    TargetApp updated = repository.save(new TargetApp(app.id(), app.workspaceId(), app.code(),
        name == null ? app.name() : name.strip(), connector == null ? app.connector() : connector, app.kind(),
        sandboxReviewRequired == null ? app.sandboxReviewRequired() : sandboxReviewRequired,
        endpointUrl == null ? app.endpointUrl() : endpointUrl.strip(), secret == null ? app.secret() : secret));
    if (HttpPartnerApp.KIND.equals(updated.connector())
        && (updated.endpointUrl() == null || updated.secret() == null)) {
      throw Problems.invalid("The http connector needs an endpoint URL and a secret.");
    }
    audit.record(admin, TargetAppAudit.CONFIGURED, targetAppId, app.workspaceId(),
        "connector " + updated.connector()
            + (updated.endpointUrl() == null ? "" : ", endpoint " + updated.endpointUrl())
            + (secret == null ? "" : ", new secret"));
    return updated;
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
