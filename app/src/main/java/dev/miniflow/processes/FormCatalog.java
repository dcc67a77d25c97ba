package dev.miniflow.processes;

import org.springframework.modulith.NamedInterface;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

/** The deployed forms, looked up by the form key the engine hands to user tasks. */
@NamedInterface("api")
public interface FormCatalog extends Repository<FormDefinition, Long> {
  Optional<FormDefinition> findById(Long formKey);

  @Query("select * from form_definition where form_id = :formId order by version desc, form_key desc limit 1")
  Optional<FormDefinition> findLatest(String formId);

  @Query("select distinct on (form_id) * from form_definition order by form_id, version desc, form_key desc")
  List<FormDefinition> latestOfEach();

  @Query("select * from form_definition where form_id = :formId order by version desc, form_key desc")
  List<FormDefinition> versions(String formId);

  /**
   * A deployment the engine skipped as unchanged returns a known key: that record stays. An
   * embedded engine restarted afresh may reuse a key for other content: that record is replaced.
   */
  @Modifying
  @Query("""
      insert into form_definition(form_key, form_id, version, schema, deployed_by, deployed_at)
      values (:formKey, :formId, :version, :schema, :deployedBy, now())
      on conflict (form_key) do update set form_id = excluded.form_id, version = excluded.version,
        schema = excluded.schema, deployed_by = excluded.deployed_by, deployed_at = now()
      where form_definition.form_id <> excluded.form_id or form_definition.version <> excluded.version
        or form_definition.schema <> excluded.schema""")
  void record(long formKey, String formId, int version, String schema, String deployedBy);
}
