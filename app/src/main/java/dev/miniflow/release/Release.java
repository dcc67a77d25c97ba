package dev.miniflow.release;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A version on its way to one target app and environment. */
@Table("release")
public record Release(
    @Id Long id,
    Long workspaceId,
    Long miniProgramId,
    Long versionId,
    Long targetAppId,
    Environment environment,
    ReleaseStatus status,
    String requestedBy,
    Instant requestedAt,
    Long processInstanceKey,
    String validationReport,
    String decidedBy,
    String decisionComment,
    Instant decidedAt,
    @JsonIgnore String bundle,
    String bundleSha256,
    String bundleSignature,
    Instant publishedAt,
    int lockVersion) {}
