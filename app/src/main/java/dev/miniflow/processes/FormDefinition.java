package dev.miniflow.processes;

import org.springframework.modulith.NamedInterface;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A deployed Camunda Form (form-js JSON), one row per deployed version. */
@Table("form_definition")
@NamedInterface("api")
public record FormDefinition(@Id Long formKey, String formId, int version, String schema, String deployedBy,
    Instant deployedAt) {}
