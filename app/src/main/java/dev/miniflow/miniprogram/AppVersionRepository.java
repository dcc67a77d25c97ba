package dev.miniflow.miniprogram;

import java.util.List;
import org.springframework.data.repository.ListCrudRepository;

interface AppVersionRepository extends ListCrudRepository<AppVersion, Long> {
  List<AppVersion> findByMiniProgramIdOrderByIdDesc(Long miniProgramId);

  long countByMiniProgramId(Long miniProgramId);
}
