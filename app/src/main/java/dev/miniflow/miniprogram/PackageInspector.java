package dev.miniflow.miniprogram;

import static dev.miniflow.miniprogram.PackageProblem.*;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Checks an uploaded package, which may have been crafted to attack us. Names and entry types are
 * checked before any content is read; content is inflated in a stream with hard caps, never
 * trusting the sizes the archive declares, and thrown away except for app.json.
 */
public class PackageInspector {
  static final String MANIFEST = "app.json";
  /** Compression ratios only matter once an entry is big enough to hurt. */
  private static final long RATIO_GRACE_BYTES = 1L << 20;
  private static final int MAX_NAME_LENGTH = 255;
  private static final int UNIX_TYPE_MASK = 0170000;
  private static final int UNIX_REGULAR = 0100000;
  private static final int UNIX_DIRECTORY = 0040000;
  private static final int BLOCK = 64 * 1024;

  private final PackageLimits limits;
  private final ManifestCheck manifests;

  public PackageInspector(PackageLimits limits) {
    this.limits = limits;
    this.manifests = new ManifestCheck(limits);
  }

  public PackageReport inspect(Path zip) {
    try (ZipFile archive = open(zip)) {
      List<ZipArchiveEntry> entries = Collections.list(archive.getEntriesInPhysicalOrder());
      if (entries.isEmpty()) {
        throw problem(EMPTY_PACKAGE, "The package contains no files");
      }
      if (entries.size() > limits.maxEntries()) {
        throw problem(TOO_MANY_ENTRIES, "The package has " + entries.size() + " entries; at most "
            + limits.maxEntries() + " are allowed");
      }
      checkNamesAndTypes(entries);
      try (LocalHeaders locals = new LocalHeaders(zip)) {
        for (ZipArchiveEntry entry : entries) {
          locals.check(entry);
        }
      }
      Contents contents = readContents(archive, entries);
      return manifests.check(contents.fileSizes(), contents.totalBytes(), contents.manifest());
    } catch (IOException e) {
      throw problem(CORRUPT_ENTRY, "The package could not be read: " + e.getMessage());
    }
  }

  private static ZipFile open(Path zip) {
    try {
      // local headers are checked by LocalHeaders (one read each), not parsed for every entry at
      // opening as well: that doubled the cost of a package of small files
      return ZipFile.builder().setPath(zip).setIgnoreLocalFileHeader(true).get();
    } catch (IOException | RuntimeException e) {
      throw problem(NOT_A_ZIP, "The upload is not a readable zip archive");
    }
  }

  private static void checkNamesAndTypes(List<ZipArchiveEntry> entries) {
    Set<String> names = HashSet.newHashSet(entries.size());
    Set<String> folded = HashSet.newHashSet(entries.size());
    for (ZipArchiveEntry entry : entries) {
      String name = entry.getName();
      checkName(name);
      if (entry.isUnixSymlink() || !regularOrDirectory(entry)) {
        throw problem(SYMLINK,
            "Entry '" + name + "' is a symbolic link or special file; only files and folders are allowed");
      }
      if (!names.add(name)) {
        throw problem(DUPLICATE_ENTRY, "Entry '" + name + "' appears more than once");
      }
      if (!folded.add(name.toLowerCase(Locale.ROOT))) {
        throw problem(DUPLICATE_ENTRY, "Entry '" + name + "' differs from another entry only in letter case");
      }
      if (entry.getGeneralPurposeBit().usesEncryption()) {
        throw problem(ENCRYPTED_ENTRY, "Entry '" + name + "' is encrypted");
      }
    }
  }

  private static void checkName(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw problem(INVALID_ENTRY_NAME, "Entry name '" + ManifestCheck.printable(name) + "' is empty or longer than "
          + MAX_NAME_LENGTH + " characters");
    }
    // one pass over the characters (a package may hold 10,000 names); the checks keep their order
    boolean control = false;
    boolean invisible = false;
    boolean backslash = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      control |= c < 0x20 || c == 0x7f;
      // invisible and direction-changing characters make one name look like another (e.g. "gnp.js" shown as "sj.png")
      invisible |= c >= 0x200B && c <= 0x200F || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069
          || c == 0xFEFF || c == 0xFFFD;
      backslash |= c == '\\';
    }
    if (control) {
      throw problem(INVALID_ENTRY_NAME,
          "Entry name '" + ManifestCheck.printable(name) + "' contains control characters");
    }
    if (invisible) {
      throw problem(INVALID_ENTRY_NAME, "Entry name '" + ManifestCheck.printable(name)
          + "' contains invisible, direction-changing or undecodable characters");
    }
    if (name.charAt(0) == '/' || name.length() >= 2 && name.charAt(1) == ':' && isAsciiLetter(name.charAt(0))) {
      throw problem(ABSOLUTE_PATH, "Entry '" + name + "' has an absolute path");
    }
    if (backslash) {
      throw problem(INVALID_ENTRY_NAME, "Entry '" + name + "' uses backslashes; zip paths use '/'");
    }
    for (int start = 0; start <= name.length();) {
      int slash = name.indexOf('/', start);
      int end = slash < 0 ? name.length() : slash;
      boolean trailingSlash = slash < 0 && start == name.length() && start > 0;
      int length = end - start;
      boolean dot = length == 1 && name.charAt(start) == '.';
      if (length == 2 && name.startsWith("..", start)) {
        throw problem(PATH_TRAVERSAL, "Entry '" + name + "' escapes the package root (path traversal)");
      }
      if ((length == 0 && !trailingSlash) || dot) {
        throw problem(INVALID_ENTRY_NAME, "Entry '" + name + "' has an empty or '.' path segment");
      }
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
  }

  private static boolean regularOrDirectory(ZipArchiveEntry entry) {
    if (entry.getPlatform() != ZipArchiveEntry.PLATFORM_UNIX) {
      return true;
    }
    int type = entry.getUnixMode() & UNIX_TYPE_MASK;
    return type == 0 || type == UNIX_REGULAR || type == UNIX_DIRECTORY;
  }

  private record Contents(Map<String, Long> fileSizes, long totalBytes, byte[] manifest) {}

  private Contents readContents(ZipFile archive, List<ZipArchiveEntry> entries) {
    // one inflater for all entries: a package of thousands of small files pays per entry otherwise
    Inflater inflater = new Inflater(true);
    try {
      return readContents(archive, entries, inflater);
    } finally {
      inflater.end();
    }
  }

  private Contents readContents(ZipFile archive, List<ZipArchiveEntry> entries, Inflater inflater) {
    Map<String, Long> sizes = LinkedHashMap.newLinkedHashMap(entries.size());
    byte[] buffer = new byte[BLOCK];
    long maxTotal = limits.maxTotalBytes().toBytes();
    long total = 0;
    byte[] manifest = null;
    for (ZipArchiveEntry entry : entries) {
      if (entry.isDirectory()) {
        continue;
      }
      String name = entry.getName();
      if (!archive.canReadEntryData(entry)) {
        throw problem(CORRUPT_ENTRY, "Entry '" + name + "' uses an unsupported compression method");
      }
      boolean isManifest = name.equals(MANIFEST);
      ByteArrayOutputStream manifestBytes = isManifest ? new ByteArrayOutputStream() : null;
      long size = 0;
      long compressed = Math.max(entry.getCompressedSize(), 1);
      try (InputStream in = content(archive, entry, inflater)) {
        for (int n; (n = in.read(buffer)) > 0;) {
          size += n;
          total += n;
          if (total > maxTotal) {
            throw problem(TOTAL_SIZE_EXCEEDED,
                "The package inflates to more than " + limits.maxTotalBytes().toMegabytes()
                    + " MB (stopped at entry '" + name + "')");
          }
          if (size > RATIO_GRACE_BYTES && size > compressed * limits.maxCompressionRatio()) {
            throw problem(COMPRESSION_RATIO, "Entry '" + name + "' inflates more than " + limits.maxCompressionRatio()
                + " times its compressed size (zip bomb)");
          }
          if (isManifest) {
            if (size > limits.maxManifestBytes().toBytes()) {
              throw problem(MANIFEST_INVALID,
                  "Entry 'app.json' is larger than " + limits.maxManifestBytes().toKilobytes() + " KB");
            }
            manifestBytes.write(buffer, 0, n);
          }
        }
      } catch (IOException | RuntimeException e) {
        if (e instanceof InvalidPackageException invalid) {
          throw invalid;
        }
        throw problem(CORRUPT_ENTRY, "Entry '" + name + "' could not be read: " + e.getMessage());
      }
      sizes.put(name, size);
      if (isManifest) {
        manifest = manifestBytes.toByteArray();
      }
    }
    return new Contents(sizes, total, manifest);
  }

  /**
   * The entry's inflated bytes. Commons Compress inflates through a 512-byte buffer, one file read
   * per 512 bytes; reading the raw bytes in blocks of up to 64 KB validates a package about twice as
   * fast. A small entry gets a small block (allocating 64 KB per file would cost more than reading it).
   */
  private static InputStream content(ZipFile archive, ZipArchiveEntry entry, Inflater inflater) throws IOException {
    long declared = entry.getCompressedSize();
    int block = declared < 0 ? BLOCK : (int) Math.min(BLOCK, Math.max(512, declared + 1));
    return switch (entry.getMethod()) {
      case ZipEntry.STORED -> new BufferedInputStream(archive.getRawInputStream(entry), block);
      case ZipEntry.DEFLATED -> {
        inflater.reset();
        // like java.util.zip, one dummy byte after the data, which raw inflation may ask for at the end
        InputStream raw =
            new SequenceInputStream(archive.getRawInputStream(entry), new ByteArrayInputStream(new byte[1]));
        yield new InflaterInputStream(raw, inflater, block);
      }
      default -> archive.getInputStream(entry);
    };
  }

  private static InvalidPackageException problem(PackageProblem reason, String message) {
    return new InvalidPackageException(reason, message);
  }
}
