package dev.miniflow.miniprogram;

import org.springframework.modulith.NamedInterface;
/** Why a package was refused. */
@NamedInterface("api")
public enum PackageProblem {
  NOT_A_ZIP("not a zip archive"),
  EMPTY_PACKAGE("empty package"),
  TOO_MANY_ENTRIES("too many entries"),
  INVALID_ENTRY_NAME("invalid entry name"),
  ABSOLUTE_PATH("absolute path"),
  PATH_TRAVERSAL("path traversal"),
  SYMLINK("symbolic link or special file"),
  DUPLICATE_ENTRY("duplicate entry"),
  ENCRYPTED_ENTRY("encrypted entry"),
  COMPRESSION_RATIO("suspicious compression ratio (zip bomb)"),
  TOTAL_SIZE_EXCEEDED("uncompressed size too large"),
  MAIN_PACKAGE_TOO_LARGE("main package too large"),
  MANIFEST_MISSING("app.json missing"),
  MANIFEST_INVALID("invalid app.json"),
  CORRUPT_ENTRY("corrupt entry");

  private final String title;

  PackageProblem(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }
}
