package dev.miniflow.promotion;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

interface PromotionCodeRepository extends ListCrudRepository<PromotionCode, Long> {
  List<PromotionCode> findByMiniProgramIdOrderByIdDesc(long miniProgramId);

  Optional<PromotionCode> findByShortCode(String shortCode);
}
