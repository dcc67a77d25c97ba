package dev.miniflow.partner;

import org.springframework.modulith.NamedInterface;
import com.fasterxml.jackson.annotation.JsonIgnore;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A super app a mini program can be published to, reached through a connector.
 *
 * @param sandboxReviewRequired whether Sandbox releases are reviewed (Production always is, Test
 *     and Development never are)
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
    @JsonIgnore String secret) {}
