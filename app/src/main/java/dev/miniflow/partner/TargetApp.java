package dev.miniflow.partner;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.modulith.NamedInterface;

/**
 * A super app a mini program can be published to, reached through a connector.
 *
 * @param sandboxReviewRequired whether Sandbox releases are reviewed (Production always is, Test
 *     and Development never are)
 * @param listingRulesId its current listing rules ({@link ListingRuleSet})
 * @param enabled a disabled one takes no new releases
 * @param previousSecret the secret before the last change, which the partner may still sign
 *     callbacks with until {@code previousSecretUntil}
 */
@Table("target_app")
@NamedInterface("api")
public record TargetApp(
    @Id Long id,
    Long workspaceId,
    String code,
    String name,
    String connector,
    TargetAppKind kind,
    boolean sandboxReviewRequired,
    String endpointUrl,
    @JsonIgnore String secret,
    Long listingRulesId,
    boolean enabled,
    @JsonIgnore String previousSecret,
    Instant previousSecretUntil) {

  @PersistenceCreator
  public TargetApp {}

  /** A new, enabled target app whose listing rules are not recorded yet. */
  public TargetApp(Long id, Long workspaceId, String code, String name, String connector, TargetAppKind kind,
      boolean sandboxReviewRequired, String endpointUrl, String secret) {
    this(id, workspaceId, code, name, connector, kind, sandboxReviewRequired, endpointUrl, secret, null, true, null,
        null);
  }

  /** The same app pointing at another version of its listing rules. */
  TargetApp withListingRules(long rulesId) {
    return new TargetApp(id, workspaceId, code, name, connector, kind, sandboxReviewRequired, endpointUrl, secret,
        rulesId, enabled, previousSecret, previousSecretUntil);
  }

  TargetApp withEnabled(boolean on) {
    return new TargetApp(id, workspaceId, code, name, connector, kind, sandboxReviewRequired, endpointUrl, secret,
        listingRulesId, on, previousSecret, previousSecretUntil);
  }

  /** The same app with a new secret, the one it replaces still valid until {@code previousUntil}. */
  TargetApp withSecret(String newSecret, String previous, Instant previousUntil) {
    return new TargetApp(id, workspaceId, code, name, connector, kind, sandboxReviewRequired, endpointUrl, newSecret,
        listingRulesId, enabled, previous, previousUntil);
  }
}
