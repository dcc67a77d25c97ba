package dev.miniflow.miniprogram;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface MiniProgramRepository extends ListCrudRepository<MiniProgram, Long> {
  List<MiniProgram> findByWorkspaceIdOrderByName(Long workspaceId);

  long countByWorkspaceId(Long workspaceId);

  boolean existsByWorkspaceIdAndName(Long workspaceId, String name);

  /** Serialises uploads of one mini program, so version numbers stay strictly increasing. */
  @Query("select * from mini_program where id = :id for update")
  Optional<MiniProgram> lockById(long id);
}
