package dev.miniflow.promotion;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A trial code for a version before its release: signed, 15 minutes, for named testers only. */
@Table("preview_code")
record PreviewCode(@Id Long id, Long workspaceId, Long miniProgramId, Long versionId, List<String> testers,
    Instant expiresAt, String createdBy, Instant createdAt) {}
