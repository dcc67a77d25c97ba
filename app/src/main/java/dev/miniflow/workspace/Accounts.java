package dev.miniflow.workspace;

import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

interface Accounts extends ListCrudRepository<Account, Long> {
  Optional<Account> findByUsername(String username);
}
