package dev.miniflow.listing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.support.Sha256;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What a target app lists about a mini program, as the JSON the partner receives and the reviewer compares. */
@Component
class ListingSnapshot {
  private final ObjectMapper json;

  ListingSnapshot(ObjectMapper json) {
    this.json = json;
  }

  String of(MiniProgram program) {
    Map<String, Object> listing = new LinkedHashMap<>();
    listing.put("name", program.name());
    listing.put("description", program.description());
    listing.put("category", program.category());
    listing.put("defaultLanguage", program.defaultLanguage());
    listing.put("logoSha256", program.logo() == null ? null : Sha256.hex(program.logo()));
    listing.put("logoWidth", program.logoWidth());
    listing.put("logoHeight", program.logoHeight());
    try {
      return json.writeValueAsString(listing);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The snapshot's fields, for showing what changed. */
  Map<String, Object> fields(String snapshot) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = json.readValue(snapshot, LinkedHashMap.class);
      return fields;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
