package dev.miniflow.workspace;

import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

interface Workspaces extends ListCrudRepository<Workspace, Long> {
  Optional<Workspace> findByName(String name);
}
