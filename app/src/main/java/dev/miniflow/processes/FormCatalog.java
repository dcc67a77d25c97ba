package dev.miniflow.processes;

import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/** The deployed forms, looked up by the form key the engine hands to user tasks. */
public interface FormCatalog extends Repository<FormDefinition, Long> {
  Optional<FormDefinition> findById(Long formKey);

  @Query("select * from form_definition where form_id = :formId order by version desc limit 1")
  Optional<FormDefinition> findLatest(String formId);

  @Query("insert into form_definition(form_key, form_id, version, schema) values (:formKey, :formId, :version, :schema) on conflict do nothing")
  @org.springframework.data.jdbc.repository.query.Modifying
  void record(long formKey, String formId, int version, String schema);
}
