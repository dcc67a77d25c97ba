package dev.miniflow.processes;

import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/** The deployed forms, looked up by the form key the engine hands to user tasks. */
public interface FormCatalog extends Repository<FormDefinition, Long> {
  Optional<FormDefinition> findById(Long formKey);

  @Query("select * from form_definition where form_id = :formId order by version desc, form_key desc limit 1")
  Optional<FormDefinition> findLatest(String formId);

  @Modifying
  @Query("""
      insert into form_definition(form_key, form_id, version, schema) values (:formKey, :formId, :version, :schema)
      on conflict (form_key) do update set form_id = excluded.form_id, version = excluded.version, schema = excluded.schema""")
  void record(long formKey, String formId, int version, String schema);
}
