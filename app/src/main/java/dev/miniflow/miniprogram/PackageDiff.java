package dev.miniflow.miniprogram;

import org.springframework.modulith.NamedInterface;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * What changed between two stored (already validated) packages: files added, removed and changed
 * (by size and CRC from the central directory) and the top-level keys of app.json that differ.
 */
@NamedInterface("api")
public record PackageDiff(String baseVersion, List<String> added, List<String> removed, List<String> changed,
    List<String> manifestChanges) {
  private static final int MAX_LISTED = 200;
  private static final int MAX_MANIFEST_BYTES = 64 * 1024;

  public boolean empty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && manifestChanges.isEmpty();
  }

  static PackageDiff between(String baseVersion, Path base, Path next, ObjectMapper json) {
    Listing before = listing(base, json);
    Listing after = listing(next, json);
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    after.files.forEach((name, fingerprint) -> {
      String old = before.files.get(name);
      if (old == null) {
        added.add(name);
      } else if (!old.equals(fingerprint)) {
        changed.add(name);
      }
    });
    List<String> removed = before.files.keySet().stream().filter(n -> !after.files.containsKey(n)).toList();
    List<String> manifest = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(before.manifest.keySet());
    keys.addAll(after.manifest.keySet());
    for (String key : keys) {
      String old = before.manifest.get(key);
      String now = after.manifest.get(key);
      if (!Objects.equals(old, now)) {
        manifest.add(key + ": " + (old == null ? "(none)" : old) + " → " + (now == null ? "(none)" : now));
      }
    }
    return new PackageDiff(baseVersion, cap(added), cap(removed), cap(changed), cap(manifest));
  }

  private record Listing(Map<String, String> files, Map<String, String> manifest) {}

  private static Listing listing(Path file, ObjectMapper json) {
    Map<String, String> files = new TreeMap<>();
    Map<String, String> manifest = new TreeMap<>();
    try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
        if (entry.isDirectory()) {
          continue;
        }
        files.put(entry.getName(), entry.getSize() + ":" + entry.getCrc());
        if (entry.getName().equals(PackageInspector.MANIFEST)) {
          try (InputStream in = zip.getInputStream(entry)) {
            JsonNode root = json.readTree(in.readNBytes(MAX_MANIFEST_BYTES));
            root.fields().forEachRemaining(f -> manifest.put(f.getKey(), shorten(f.getValue().toString())));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the stored package " + file.getFileName(), e);
    }
    return new Listing(files, manifest);
  }

  private static String shorten(String value) {
    return value.length() <= 200 ? value : value.substring(0, 199) + "…";
  }

  private static List<String> cap(List<String> list) {
    if (list.size() <= MAX_LISTED) {
      return List.copyOf(list);
    }
    List<String> shown = new ArrayList<>(list.subList(0, MAX_LISTED));
    shown.add("… and " + (list.size() - MAX_LISTED) + " more");
    return List.copyOf(shown);
  }
}
