package io.replicheck.explore.coverage;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server log line reduced to its template: the role it was written in and its message with
 * everything that differs from run to run (numbers, replication ids, addresses, paths, client
 * descriptions) replaced by a placeholder, so the same event in two runs gives the same template.
 * Both redis-server's lines and the reference server's (which writes redis's format) are read:
 * {@code pid:role dd Mon yyyy hh:mm:ss.mmm <level> message}, role M, S, C or X.
 */
public final class LogTemplates {
  /** Templates longer than this are cut: a long line must not make a long feature. */
  public static final int MAX_TEMPLATE_CHARS = 200;

  /** The template of one line: its role (M, S, C, X, "signal" or "?") and message template. */
  public record Template(String role, String text) {
    /** The feature string: {@code log:<role>:<template>}. */
    public String feature() {
      return "log:" + role + ":" + text;
    }
  }

  private static final Pattern REDIS_LINE =
      Pattern.compile(
          "^\\d+:([A-Z]) \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} [.\\-*#] (.*)$");
  // redis's signal handler writes without a role or time: "6086:signal-handler (1796560149) ..."
  private static final Pattern SIGNAL_LINE =
      Pattern.compile("^\\d+:signal-handler \\(\\d+\\) (.*)$");

  // Order matters: the wider shapes go first, so their digits are not replaced one by one.
  private static final Pattern CLIENT = Pattern.compile("'id=[^']*'");
  private static final Pattern NULL_REPLID = Pattern.compile("\\b0{40}\\b");
  private static final Pattern REPLID = Pattern.compile("\\b[0-9a-fA-F]{40}\\b");
  private static final Pattern HEX = Pattern.compile("\\b0x[0-9a-fA-F]+\\b");
  private static final Pattern PATH = Pattern.compile("(?<![\\w.])/[^\\s'\",:;()]+");
  private static final Pattern ADDRESS =
      Pattern.compile(
          "(?<![\\w.])(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:]+\\]|localhost|[0-9a-fA-F:]*::[0-9a-fA-F:]*):\\d+");
  // A number not glued to a word before it (psync2 and sha256 stay), decimals and versions whole.
  private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z_0-9])\\d+(?:\\.\\d+)*");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private LogTemplates() {}

  /** A log line split into its role and its message (after the level mark). */
  public record Line(String role, String message) {}

  /** Splits a line; a line that is not in the log format has role "?" and is all message. */
  public static Line split(String line) {
    Matcher m = REDIS_LINE.matcher(line);
    if (m.matches()) return new Line(m.group(1), m.group(2));
    m = SIGNAL_LINE.matcher(line);
    if (m.matches()) return new Line("signal", m.group(1));
    return new Line("?", line);
  }

  /**
   * A cheap key that determines a message's template: every run of digits not glued to a word
   * becomes {@code #} and its length (a run of 40 zeros {@code #z}, the null replid), the rest
   * stays. Two messages with the same skeleton have the same template, so a caller may cache
   * templates by skeleton and skip the regular expressions for the many lines that differ only in
   * their numbers.
   */
  public static String skeleton(String message) {
    StringBuilder b = new StringBuilder(message.length());
    int n = message.length();
    for (int i = 0; i < n; ) {
      char c = message.charAt(i);
      char before = i == 0 ? ' ' : message.charAt(i - 1);
      if (c < '0' || c > '9' || Character.isLetter(before) || before == '_') {
        b.append(c);
        i++;
        continue;
      }
      int j = i;
      boolean zeros = true;
      while (j < n && message.charAt(j) >= '0' && message.charAt(j) <= '9') {
        zeros &= message.charAt(j) == '0';
        j++;
      }
      b.append('#');
      if (zeros && j - i == 40) b.append('z');
      else b.append(j - i);
      i = j;
    }
    return b.toString();
  }

  /** The template of a log line. */
  public static Template of(String line) {
    Line l = split(line);
    return new Template(l.role(), message(l.message()));
  }

  /** The message part of a line with its varying parts replaced. */
  public static String message(String msg) {
    String s =
        msg.length() > 4 * MAX_TEMPLATE_CHARS ? msg.substring(0, 4 * MAX_TEMPLATE_CHARS) : msg;
    s = CLIENT.matcher(s).replaceAll("'<client>'");
    // the null id (no secondary history) is an event of its own, unlike the ids that differ per run
    s = NULL_REPLID.matcher(s).replaceAll("<null-id>");
    s = REPLID.matcher(s).replaceAll("<id>");
    s = HEX.matcher(s).replaceAll("<hex>");
    s = PATH.matcher(s).replaceAll("<path>");
    s = ADDRESS.matcher(s).replaceAll("<addr>");
    s = NUMBER.matcher(s).replaceAll("<n>");
    s = SPACES.matcher(s).replaceAll(" ").strip();
    return s.length() > MAX_TEMPLATE_CHARS ? s.substring(0, MAX_TEMPLATE_CHARS) : s;
  }
}
