package dev.miniflow.capability;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

interface CapabilityRepository extends ListCrudRepository<Capability, Long> {
  List<Capability> findByTargetAppIdOrderByCode(Long targetAppId);

  Optional<Capability> findByTargetAppIdAndCode(Long targetAppId, String code);
}
