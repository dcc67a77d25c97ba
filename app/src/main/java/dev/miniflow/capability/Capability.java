package dev.miniflow.capability;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.ReadOnlyProperty;
import org.springframework.data.relational.core.mapping.Table;

/** An entry of a target app's catalogue: a capability a package may declare, free or reviewed. */
@Table("capability")
record Capability(@Id Long id, Long targetAppId, String code, String name, boolean reviewed,
    @ReadOnlyProperty Instant createdAt) {}
