package dev.miniflow.token;

/** Who a token belongs to: one person, or one workspace (managed by its admins). */
enum TokenKind {
  PERSONAL("mfp_"),
  SERVICE("mfs_");

  /** Every secret starts with its kind's prefix, so a leaked one is recognisable (secret scanners). */
  private final String prefix;

  TokenKind(String prefix) {
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }
}
