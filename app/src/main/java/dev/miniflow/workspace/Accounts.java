package dev.miniflow.workspace;

import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface Accounts extends ListCrudRepository<Account, Long> {
  Optional<Account> findByUsername(String username);

  @Modifying
  @Query("""
      insert into platform_member(user_id, role) select id, :role from app_user where username = :username
      on conflict do nothing""")
  int grantPlatformRole(String username, String role);
}
