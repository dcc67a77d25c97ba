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

  /** Room for an extra field (timestamps, Unix ids) that most tools write into local headers. */
  private static final int USUAL_EXTRA = 64;

  private final FileChannel file;
  private ByteBuffer reused = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);

  LocalHeaders(Path zip) throws IOException {
    this.file = FileChannel.open(zip, StandardOpenOption.READ);
  }

  void check(ZipArchiveEntry entry) throws IOException {
    if (entry.getExtraField(UnicodePathExtraField.UPATH_ID) != null) { // in the central directory
      throw secondName(entry);
    }
    long offset = entry.getLocalHeaderOffset();
    // one read for the fixed part, the name the central directory gives and a usual extra field;
    // a second one only if the local header says its name and extra field are longer
    ByteBuffer header = buffer(FIXED + entry.getRawName().length + USUAL_EXTRA);
    if (offset < 0 || readUpTo(header, offset) < FIXED || header.getInt(0) != SIGNATURE) {
      throw invalid(PackageProblem.CORRUPT_ENTRY, entry, "has no local header where the archive says");
    }
    int nameLength = header.getShort(26) & 0xffff;
    int extraLength = header.getShort(28) & 0xffff;
    int length = FIXED + nameLength + extraLength;
    if (header.position() < length) {
      ByteBuffer whole = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
      whole.put(header.flip());
      if (readUpTo(whole, offset) < length) {
        throw invalid(PackageProblem.CORRUPT_ENTRY, entry, "has a truncated local header");
      }
      header = whole;
    }
    ByteBuffer rest = header.slice(FIXED, nameLength + extraLength).order(ByteOrder.LITTLE_ENDIAN);
    if (!Arrays.equals(header.array(), FIXED, FIXED + nameLength, entry.getRawName(), 0,
        entry.getRawName().length)) {
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

  /** Reads from {@code position} until the buffer is full or the file ends; @return the bytes in the buffer. */
  private int readUpTo(ByteBuffer buffer, long position) throws IOException {
    long at = position + buffer.position();
    while (buffer.hasRemaining()) {
      int n = file.read(buffer, at);
      if (n < 0) {
        break;
      }
      at += n;
    }
    return buffer.position();
  }

  /** The reused buffer, cleared, with room for {@code size} bytes. */
  private ByteBuffer buffer(int size) {
    if (reused.capacity() < size) {
      reused = ByteBuffer.allocate(Math.max(size, 2 * reused.capacity())).order(ByteOrder.LITTLE_ENDIAN);
    }
    return reused.clear().limit(size);
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
