package io.replicheck.report.html;

import java.util.Locale;

/** Escaping and number formatting shared by the report's pieces. */
public final class Html {
  private Html() {}

  /** Escapes text for HTML element content and quoted attributes. */
  public static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') b.append(c);
        }
      }
    }
    return b.toString();
  }

  /**
   * Percent-encodes each segment of a relative path for an href (folder names may hold any
   * character).
   */
  public static String href(String relativePath) {
    StringBuilder b = new StringBuilder();
    for (byte x : relativePath.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~/".indexOf(c) >= 0) b.append(c);
      else b.append('%').append(String.format("%02X", x & 0xff));
    }
    return b.toString();
  }

  /** A coordinate with at most two decimals, so large SVGs stay small. */
  public static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** Nanoseconds as milliseconds with three decimals. */
  public static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  /** A duration in nanoseconds for people: 850 µs, 12.3 ms, 4.56 s. */
  public static String duration(double nanos) {
    if (nanos < 1e6) return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    if (nanos < 1e9) return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  /** The CSS class of a verdict badge. */
  public static String verdictClass(String verdict) {
    return switch (verdict == null ? "" : verdict) {
      case "valid" -> "v-valid";
      case "invalid" -> "v-invalid";
      case "not_exercised", "not exercised" -> "v-not-exercised";
      default -> "v-unknown";
    };
  }
}
