package dev.miniflow.promotion;

import java.time.Instant;

/**
 * A promotion code as the API answers with it: its own type, so the promotion_code table can change
 * without clients seeing it.
 */
record PromotionCodeView(Long id, Long workspaceId, Long miniProgramId, Long targetAppId, String shortCode,
    String pagePath, String query, String description, String errorCorrection, int sizePx, String createdBy,
    Instant createdAt) {

  static PromotionCodeView of(PromotionCode c) {
    return new PromotionCodeView(c.id(), c.workspaceId(), c.miniProgramId(), c.targetAppId(), c.shortCode(),
        c.pagePath(), c.query(), c.description(), c.errorCorrection(), c.sizePx(), c.createdBy(), c.createdAt());
  }
}
