package dev.miniflow.workspace;

import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface Workspaces extends ListCrudRepository<Workspace, Long> {
  Optional<Workspace> findByName(String name);

  /** One row per role; a role the member already holds stays as it is. */
  @Modifying
  @Query("""
      insert into workspace_member(workspace_id, user_id, role) values (:workspaceId, :userId, :role)
      on conflict do nothing""")
  int addMember(long workspaceId, long userId, String role);
}
