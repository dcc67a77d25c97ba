package dev.miniflow.partner;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A super app a mini program can be published to, reached through a connector. */
@Table("target_app")
public record TargetApp(@Id Long id, Long workspaceId, String code, String name, String connector) {}
