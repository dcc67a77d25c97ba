package dev.miniflow.miniprogram;

import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import java.util.List;
import org.springframework.data.repository.ListCrudRepository;

interface AppVersionRepository extends ListCrudRepository<AppVersion, Long> {
  List<AppVersion> findByMiniProgramIdOrderByIdDesc(Long miniProgramId);

  long countByMiniProgramId(Long miniProgramId);

  /** Serialises uploads of one mini program, so version numbers stay strictly increasing. */
  @Query("select id from mini_program where id = :id for update")
  Optional<Long> lockProgram(long id);
}
