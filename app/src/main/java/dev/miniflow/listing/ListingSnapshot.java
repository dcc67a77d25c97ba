package dev.miniflow.listing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.miniprogram.ListingText;
import dev.miniflow.miniprogram.ListingTexts;
import dev.miniflow.miniprogram.MiniProgram;
import java.util.List;
import dev.miniflow.support.Sha256;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What a target app lists about a mini program, as the JSON the partner receives and the reviewer compares. */
@Component
class ListingSnapshot {
  private final ObjectMapper json;
  private final ListingTexts texts;

  ListingSnapshot(ObjectMapper json, ListingTexts texts) {
    this.json = json;
    this.texts = texts;
  }

  /** The listing as it is now, with the texts in further languages as they are. */
  String of(MiniProgram program) {
    return of(program, texts.of(program.id()));
  }

  String of(MiniProgram program, List<ListingText> languages) {
    Map<String, Object> listing = new LinkedHashMap<>();
    listing.put("name", program.name());
    listing.put("description", program.description());
    listing.put("category", program.category());
    listing.put("defaultLanguage", program.defaultLanguage());
    listing.put("logoSha256", program.logo() == null ? null : Sha256.hex(program.logo()));
    listing.put("logoWidth", program.logoWidth());
    listing.put("logoHeight", program.logoHeight());
    listing.put("languages", languages);
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
