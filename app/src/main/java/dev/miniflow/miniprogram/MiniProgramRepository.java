package dev.miniflow.miniprogram;

import java.util.List;
import org.springframework.data.repository.ListCrudRepository;

interface MiniProgramRepository extends ListCrudRepository<MiniProgram, Long> {
  List<MiniProgram> findByWorkspaceIdOrderByName(Long workspaceId);

  long countByWorkspaceId(Long workspaceId);

  boolean existsByWorkspaceIdAndName(Long workspaceId, String name);

}
