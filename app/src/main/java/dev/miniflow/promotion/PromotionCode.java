package dev.miniflow.promotion;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A stored QR code that opens a page of a mini program in a target app, behind a stable short link. */
@Table("promotion_code")
public record PromotionCode(@Id Long id, Long workspaceId, Long miniProgramId, Long targetAppId, String shortCode,
    String pagePath, String query, String description, String errorCorrection, int sizePx, String createdBy,
    Instant createdAt) {}
