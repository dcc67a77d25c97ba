package dev.miniflow.promotion;

import org.springframework.data.repository.ListCrudRepository;

interface PreviewCodeRepository extends ListCrudRepository<PreviewCode, Long> {}
