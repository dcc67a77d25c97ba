package dev.miniflow.miniprogram;

import static dev.miniflow.miniprogram.PackageProblem.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for a package's app.json, once {@link PackageInspector} has read the archive safely:
 * strict JSON with bounded depth, every listed page present, the main package within its limit.
 */
final class ManifestCheck {
  private static final Pattern PAGE_PATH = Pattern.compile("[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*");
  /** Longer page paths and roots are refused unread: matching stays linear and cheap. */
  private static final int MAX_PATH = 256;
  /** A capability code such as {@code phonenumber} or {@code payment} (compared in lower case). */
  static final Pattern CAPABILITY = Pattern.compile("[a-z][a-z0-9._-]{0,63}");
  /** A host name of two labels or more, no port, no wildcard. */
  static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

  private final PackageLimits limits;
  private final ObjectMapper json = JsonMapper.builder(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(65_536).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  ManifestCheck(PackageLimits limits) {
    this.limits = limits;
  }

  /** The package's report, if its app.json (null: absent) is valid and matches the files found. */
  PackageReport check(Map<String, Long> fileSizes, long totalBytes, byte[] manifestBytes) {
    if (manifestBytes == null) {
      throw problem(MANIFEST_MISSING, "The package has no 'app.json' at its root");
    }
    JsonNode manifest;
    try {
      manifest = json.readTree(manifestBytes);
    } catch (IOException e) {
      throw problem(MANIFEST_INVALID,
          "Entry 'app.json' is not valid JSON: "
              + firstLine(e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage()
                  : e.getMessage()));
    }
    if (manifest == null || !manifest.isObject()) {
      throw problem(MANIFEST_INVALID, "Entry 'app.json' must be a JSON object");
    }
    // sorted, so each page finds its files in one lookup, not by a pass over all files
    String[] files = fileSizes.keySet().toArray(String[]::new);
    java.util.Arrays.sort(files);
    List<String> pages = pages(manifest.get("pages"), "pages", "", files);
    if (pages.isEmpty()) {
      throw problem(MANIFEST_INVALID, "Entry 'app.json' must list at least one page in 'pages'");
    }
    List<String> roots = new ArrayList<>();
    JsonNode subPackages = manifest.has("subPackages") ? manifest.get("subPackages") : manifest.get("subpackages");
    if (subPackages != null) {
      if (!subPackages.isArray()) {
        throw problem(MANIFEST_INVALID, "'subPackages' in 'app.json' must be an array");
      }
      for (JsonNode sub : subPackages) {
        String root = withoutTrailingSlashes(sub.path("root").asText(""));
        if (!sub.isObject() || root.length() > MAX_PATH || !PAGE_PATH.matcher(root).matches()) {
          throw problem(MANIFEST_INVALID, "A subpackage in 'app.json' has no valid 'root'");
        }
        roots.add(root);
        pages.addAll(pages(sub.get("pages"), "pages of subpackage '" + root + "'", root + "/", files));
      }
    }
    long mainBytes = mainBytes(fileSizes, roots);
    if (mainBytes > limits.maxMainBytes().toBytes()) {
      throw problem(MAIN_PACKAGE_TOO_LARGE, "The main package (files outside subpackages) is " + mainBytes
          + " bytes; at most " + limits.maxMainBytes().toBytes() + " are allowed");
    }
    String appName = manifest.path("window").path("navigationBarTitleText").asText(manifest.path("name").asText(null));
    JsonNode domains = manifest.path("domains");
    if (!domains.isMissingNode() && !domains.isObject()) {
      throw problem(MANIFEST_INVALID, "'domains' in 'app.json' must be an object with 'request' and 'webView' lists");
    }
    return new PackageReport(files.length, totalBytes, mainBytes, List.copyOf(pages), List.copyOf(roots), appName,
        names(manifest.get("capabilities"), "capabilities", CAPABILITY),
        names(domains.get("request"), "domains.request", DOMAIN), names(domains.get("webView"), "domains.webView",
            DOMAIN));
  }

  /** A list of distinct names, each matching the pattern, at most 100: what app.json declares it uses. */
  private static List<String> names(JsonNode node, String what, Pattern pattern) {
    if (node == null) {
      return List.of();
    }
    if (!node.isArray() || node.size() > 100) {
      throw problem(MANIFEST_INVALID, "'" + what + "' in 'app.json' must be a list of at most 100 names");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode entry : node) {
      String name = entry.isTextual() ? entry.asText().toLowerCase(java.util.Locale.ROOT) : "";
      if (name.length() > 253 || !pattern.matcher(name).matches()) {
        throw problem(MANIFEST_INVALID,
            "'" + what + "' in 'app.json' has an invalid entry '" + printable(entry.toString()) + "'");
      }
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  /** The bytes of the files outside every subpackage's folder. */
  private static long mainBytes(Map<String, Long> fileSizes, List<String> roots) {
    String[] folders = roots.stream().map(r -> r + "/").toArray(String[]::new);
    long bytes = 0;
    files : for (Map.Entry<String, Long> file : fileSizes.entrySet()) {
      for (String folder : folders) {
        if (file.getKey().startsWith(folder)) {
          continue files;
        }
      }
      bytes += file.getValue();
    }
    return bytes;
  }

  /** The first of the sorted names at or after {@code from}, or null. */
  private static String ceiling(String[] sorted, String from) {
    int at = java.util.Arrays.binarySearch(sorted, from);
    int index = at >= 0 ? at : -at - 1;
    return index < sorted.length ? sorted[index] : null;
  }

  private static List<String> pages(JsonNode node, String what, String prefix, String[] files) {
    List<String> pages = new ArrayList<>();
    if (node == null) {
      return pages;
    }
    if (!node.isArray()) {
      throw problem(MANIFEST_INVALID, "'" + what + "' in 'app.json' must be an array of page paths");
    }
    for (JsonNode page : node) {
      String path = page.isTextual() ? page.asText() : "";
      if (path.length() > MAX_PATH || !PAGE_PATH.matcher(path).matches()) {
        throw problem(MANIFEST_INVALID,
            "'" + what + "' in 'app.json' has an invalid page path '" + printable(page.toString()) + "'");
      }
      String full = prefix + path;
      String first = ceiling(files, full + ".");
      if (first == null || !first.startsWith(full + ".")) {
        throw problem(MANIFEST_INVALID, "Page '" + full + "' listed in 'app.json' has no files in the package");
      }
      pages.add(full);
    }
    return pages;
  }

  private static InvalidPackageException problem(PackageProblem reason, String message) {
    return new InvalidPackageException(reason, message);
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  static String printable(String text) {
    String cleaned = text.replaceAll("[\\p{Cntrl}\\u200B-\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]", "?");
    return cleaned.length() > 80 ? cleaned.substring(0, 80) + "…" : cleaned;
  }

  /** "a/b///" → "a/b", in one pass (a regex like "/+$" backtracks quadratically over a long run of slashes). */
  static String withoutTrailingSlashes(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '/') {
      end--;
    }
    return text.substring(0, end);
  }
}
