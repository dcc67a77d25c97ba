package dev.miniflow.miniprogram;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** An uploaded package with its version number. Immutable once uploaded. */
@Table("app_version")
public record AppVersion(
    @Id Long id,
    Long miniProgramId,
    String version,
    @JsonIgnore String packageFile,
    long packageBytes,
    String sha256,
    String report,
    String uploadedBy,
    Instant uploadedAt) {}
