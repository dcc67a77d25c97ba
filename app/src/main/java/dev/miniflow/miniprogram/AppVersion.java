package dev.miniflow.miniprogram;

import org.springframework.modulith.NamedInterface;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An uploaded package with its version number. Immutable once uploaded. The package is a file of
 * the filesystem store ({@code packageFile}) or a PostgreSQL large object ({@code packageOid}).
 */
@Table("app_version")
@NamedInterface("api")
public record AppVersion(
    @Id Long id,
    Long miniProgramId,
    String version,
    @JsonIgnore String packageFile,
    @JsonIgnore Long packageOid,
    long packageBytes,
    String sha256,
    String report,
    String uploadedBy,
    Instant uploadedAt) {}
