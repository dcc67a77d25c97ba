package dev.miniflow.partner;

import dev.miniflow.support.Problems;
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
public class TargetApps {
  private final TargetAppRepository repository;
  private final Map<String, PartnerAppConnector> connectors;
  private final JdbcClient jdbc;

  TargetApps(TargetAppRepository repository, List<PartnerAppConnector> connectors, JdbcClient jdbc) {
    this.repository = repository;
    this.connectors = connectors.stream().collect(Collectors.toMap(PartnerAppConnector::kind, Function.identity()));
    this.jdbc = jdbc;
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
