package dev.miniflow.partner;

import java.util.List;
import org.springframework.data.repository.ListCrudRepository;

interface TargetAppRepository extends ListCrudRepository<TargetApp, Long> {
  List<TargetApp> findByWorkspaceIdOrderById(Long workspaceId);
}
