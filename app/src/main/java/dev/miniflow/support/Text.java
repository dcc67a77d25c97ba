package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
/**
 * Rules for text people type that others will read: no control characters, no invisible or
 * direction-changing characters (which make a name look like another), and for names no markup.
 */
@NamedInterface("api")
public final class Text {
  private Text() {}

  /** A name shown in lists and headings: 1 to max characters, no markup, on one line. */
  public static String name(String value, String field, int max) {
    String text = value == null ? "" : value.strip();
    if (text.isEmpty() || text.length() > max) {
      throw Problems.invalid("The " + field + " must be 1 to " + max + " characters (it has " + text.length() + ").");
    }
    if (text.indexOf('<') >= 0 || text.indexOf('>') >= 0) {
      throw Problems.invalid("The " + field + " may not contain '<' or '>'.");
    }
    return checked(text, field, false);
  }

  /** Free text (descriptions, comments, reasons): at most max characters; line breaks allowed. */
  public static String prose(String value, String field, int max) {
    String text = value == null ? "" : value.strip();
    if (text.length() > max) {
      throw Problems
          .invalid("The " + field + " may have at most " + max + " characters (it has " + text.length() + ").");
    }
    return checked(text, field, true);
  }

  private static String checked(String text, String field, boolean lines) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowedBreak = lines && (c == '\n' || c == '\r' || c == '\t');
      if (Character.isISOControl(c) && !allowedBreak || invisible(c)) {
        throw Problems.invalid("The " + field + " contains an invisible or control character (U+"
            + String.format("%04X", (int) c) + ") at position " + (i + 1) + ".");
      }
    }
    return text;
  }

  /** Zero-width characters, bidirectional overrides and isolates, the byte order mark. */
  private static boolean invisible(char c) {
    return c >= '\u200B' && c <= '\u200F' || c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069'
        || c == '\uFEFF' || c == '\u2028' || c == '\u2029';
  }
}
