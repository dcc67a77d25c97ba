package dev.miniflow.partner;

import org.springframework.data.repository.ListCrudRepository;

interface ListingRuleSets extends ListCrudRepository<ListingRuleSet, Long> {}
