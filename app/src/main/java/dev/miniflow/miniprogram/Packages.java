package dev.miniflow.miniprogram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.support.DomainException;
import dev.miniflow.support.Problems;
import java.io.InputStream;
import org.springframework.stereotype.Component;

/**
 * Packages between the store and the inspector: an upload staged within the size limit and
 * inspected (deleted again if it fails), kept; a stored package read back only if it still is the
 * bytes uploaded, inspected again, compared with another.
 */
@Component
class Packages {
  private final PackageStore store;
  private final PackageInspector inspector;
  private final PackageLimits limits;
  private final ObjectMapper json;

  Packages(PackageStore store, PackageInspector inspector, PackageLimits limits, ObjectMapper json) {
    this.store = store;
    this.inspector = inspector;
    this.limits = limits;
    this.json = json;
  }

  /** An upload that passed every check, staged, with its report as JSON. */
  record Accepted(PackageStore.Staged staged, String reportJson) {}

  Accepted accept(InputStream content) {
    PackageStore.Staged staged;
    try {
      staged = store.stage(content, limits.maxTotalBytes().toBytes());
    } catch (PackageStore.TooLarge e) {
      throw Problems.of(DomainException.Kind.TOO_LARGE, "Package too large",
          "The package is larger than " + limits.maxTotalBytes().toMegabytes() + " MB.", "package-too-large");
    }
    PackageReport report;
    try {
      report = inspector.inspect(staged.file());
    } catch (InvalidPackageException e) {
      store.deleteQuietly(staged.file());
      throw Problems.unprocessable("Package rejected: " + e.reason().title(), e.getMessage(),
          "package-" + e.reason().name().toLowerCase().replace('_', '-'));
    }
    try {
      return new Accepted(staged, json.writeValueAsString(report));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  PackageStore.Location keep(PackageStore.Staged staged, long miniProgramId) {
    return store.keep(staged, miniProgramId);
  }

  PackageReport verify(AppVersion version) {
    try (PackageStore.Opened stored = store.open(version)) {
      return inspector.inspect(stored.file());
    }
  }

  PackageDiff diff(AppVersion base, AppVersion next) {
    try (PackageStore.Opened before = store.open(base); PackageStore.Opened after = store.open(next)) {
      return PackageDiff.between(base.version(), before.file(), after.file(), json);
    }
  }

  /** Page sizes of the versions reviewers looked at lately: a stored package never changes. */
  private final java.util.Map<Long, java.util.Map<String, Long>> pageSizes = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, java.util.Map<String, Long>> eldest) {
          return size() > 256;
        }
      });

  /** The bytes of each page's files (a page "pages/index/index" is pages/index/index.js, .axml, …). */
  java.util.Map<String, Long> pageSizes(AppVersion version, java.util.List<String> pages) {
    java.util.Map<String, Long> known = pageSizes.get(version.id());
    if (known != null && known.keySet().equals(new java.util.LinkedHashSet<>(pages))) {
      return known;
    }
    java.util.Map<String, Long> sizes = new java.util.LinkedHashMap<>();
    pages.forEach(p -> sizes.put(p, 0L));
    try (PackageStore.Opened opened = open(version);
        var zip = org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(opened.file()).get()) {
      for (var entry : java.util.Collections.list(zip.getEntries())) {
        String name = entry.getName();
        int dot = name.lastIndexOf('.');
        String page = dot < 0 ? null : name.substring(0, dot);
        if (page != null && sizes.containsKey(page) && entry.getSize() > 0) {
          sizes.merge(page, entry.getSize(), Long::sum);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Could not read the stored package of version " + version.id(), e);
    }
    pageSizes.put(version.id(), java.util.Collections.unmodifiableMap(sizes));
    return sizes;
  }

  /**
   * The version's package, checked against its SHA-256 before the caller sees a byte: a damaged
   * package is an error, never served. The caller closes it.
   */
  PackageStore.Opened open(AppVersion version) {
    try {
      return store.open(version);
    } catch (PackageStore.Damaged e) {
      throw Problems.of(DomainException.Kind.BROKEN, "Stored package damaged", e.getMessage() + ".",
          "package-damaged");
    }
  }
}
