package dev.miniflow.miniprogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.apache.commons.compress.archivers.zip.UnicodePathExtraField;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * One name per entry: each entry's local header against its central directory record, and no
 * "Unicode path" extra field in either. Readers that stream a zip (and some extractors) go by the
 * local header, and some tools show or extract the Unicode path instead of the stored name: either
 * would put files under names the inspector never checked. Entries are named as stored.
 */
final class LocalHeaders implements AutoCloseable {
  private static final int SIGNATURE = 0x04034b50;
  private static final int FIXED = 30;

  private final FileChannel file;
  private final ByteBuffer fixed = ByteBuffer.allocate(FIXED).order(ByteOrder.LITTLE_ENDIAN);

  LocalHeaders(Path zip) throws IOException {
    this.file = FileChannel.open(zip, StandardOpenOption.READ);
  }

  void check(ZipArchiveEntry entry) throws IOException {
    if (entry.getExtraField(UnicodePathExtraField.UPATH_ID) != null) { // in the central directory
      throw secondName(entry);
    }
    long offset = entry.getLocalHeaderOffset();
    fixed.clear();
    if (offset < 0 || !readFully(fixed, offset) || fixed.getInt(0) != SIGNATURE) {
      throw invalid(PackageProblem.CORRUPT_ENTRY, entry, "has no local header where the archive says");
    }
    int nameLength = fixed.getShort(26) & 0xffff;
    int extraLength = fixed.getShort(28) & 0xffff;
    ByteBuffer rest = ByteBuffer.allocate(nameLength + extraLength).order(ByteOrder.LITTLE_ENDIAN);
    if (!readFully(rest, offset + FIXED)) {
      throw invalid(PackageProblem.CORRUPT_ENTRY, entry, "has a truncated local header");
    }
    if (!Arrays.equals(rest.array(), 0, nameLength, entry.getRawName(), 0, entry.getRawName().length)) {
      throw invalid(PackageProblem.INVALID_ENTRY_NAME, entry, "is named otherwise in its local header");
    }
    for (int at = nameLength; at + 4 <= nameLength + extraLength;) {
      int id = rest.getShort(at) & 0xffff;
      int size = rest.getShort(at + 2) & 0xffff;
      if (id == UnicodePathExtraField.UPATH_ID.getValue()) {
        throw secondName(entry);
      }
      at += 4 + size;
    }
  }

  private boolean readFully(ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = file.read(buffer, at);
      if (n < 0) {
        return false;
      }
      at += n;
    }
    return true;
  }

  private static InvalidPackageException secondName(ZipArchiveEntry entry) {
    return invalid(PackageProblem.INVALID_ENTRY_NAME, entry,
        "carries a second, Unicode name in an extra field; store names as UTF-8 instead");
  }

  private static InvalidPackageException invalid(PackageProblem reason, ZipArchiveEntry entry, String what) {
    return new InvalidPackageException(reason, "Entry '" + ManifestCheck.printable(
        new String(entry.getRawName(), java.nio.charset.StandardCharsets.UTF_8)) + "' " + what);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
