package io.replicheck.report;

import io.replicheck.checker.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JUnit XML as CI servers read it (Jenkins, GitLab, GitHub test reporters): one test suite per run,
 * one test case per invariant. A violated invariant is a {@code <failure>}, an invariant the run
 * could not decide an {@code <error>}, each with a one-line message and the evidence as text; an
 * invariant the run did not exercise (no evidence either way) is {@code <skipped>} with its reason.
 *
 * <p>The file is valid under both common schemas: Apache Ant's JUnit.xsd (the strict one: every
 * suite has package, id, timestamp and hostname, then properties, test cases, system-out and
 * system-err, in that order, and a test case holds nothing but its failure or error) and the
 * Jenkins xUnit plugin's junit-10.xsd. So the reasons of passing invariants go into the suite's
 * {@code <system-out>}, not into their test cases.
 */
public final class JunitXml {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  /**
   * One test case: {@code outcome} is a verdict's wire name: valid, invalid, unknown or
   * not_exercised.
   */
  public record Case(
      String id, String name, String outcome, String reason, List<String> evidence) {}

  private JunitXml() {}

  /** A case's verdict; an outcome that names none counts as unknown, never as passing. */
  private static Verdict verdict(Case c) {
    Verdict v = Verdict.fromWire(c.outcome());
    return v == null ? Verdict.UNKNOWN : v;
  }

  /** Writes junit.xml stamped now (UTC) on this host, with no properties. */
  public static void write(Path file, String suite, double seconds, List<Case> cases)
      throws IOException {
    write(file, suite, seconds, cases, Map.of(), LocalDateTime.now(ZoneOffset.UTC), hostname());
  }

  /**
   * Writes junit.xml; {@code properties} (e.g. seed, workload, command) become the suite's {@code
   * <property>} elements, in the map's order; {@code timestamp} is when the run started (UTC).
   */
  public static void write(
      Path file,
      String suite,
      double seconds,
      List<Case> cases,
      Map<String, String> properties,
      LocalDateTime timestamp,
      String hostname)
      throws IOException {
    AtomicFiles.write(file, w -> write(w, suite, seconds, cases, properties, timestamp, hostname));
  }

  static void write(
      Writer w,
      String suite,
      double seconds,
      List<Case> cases,
      Map<String, String> properties,
      LocalDateTime timestamp,
      String hostname)
      throws IOException {
    long failures = cases.stream().filter(c -> verdict(c) == Verdict.INVALID).count();
    long errors = cases.stream().filter(c -> verdict(c) == Verdict.UNKNOWN).count();
    long skipped = cases.stream().filter(c -> verdict(c) == Verdict.NOT_EXERCISED).count();
    String name = suite == null || suite.isBlank() ? "replicheck" : suite;
    String time = String.format(Locale.ROOT, "%.3f", Math.max(0, seconds));
    String host = hostname == null || hostname.isBlank() ? "localhost" : hostname;
    w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    w.write(
        "  <testsuite name=\""
            + escape(name)
            + "\" package=\"replicheck\" id=\"0\" timestamp=\""
            + timestamp.truncatedTo(ChronoUnit.SECONDS).format(TIMESTAMP)
            + "\" hostname=\""
            + escape(host)
            + "\" tests=\""
            + cases.size()
            + "\" failures=\""
            + failures
            + "\" errors=\""
            + errors
            + "\" skipped=\""
            + skipped
            + "\" time=\""
            + time
            + "\">\n");
    w.write("    <properties>\n");
    for (Map.Entry<String, String> p : properties.entrySet()) {
      if (p.getKey() == null || p.getKey().isBlank()) continue;
      w.write(
          "      <property name=\""
              + escape(p.getKey())
              + "\" value=\""
              + escape(p.getValue())
              + "\"/>\n");
    }
    w.write("    </properties>\n");
    StringBuilder out = new StringBuilder();
    for (Case c : cases) {
      w.write(
          "    <testcase classname=\"replicheck."
              + escape(name)
              + "\" name=\""
              + escape(c.id() + " " + c.name())
              + "\" time=\"0\"");
      String body = escape(String.join("\n", c.evidence()));
      switch (verdict(c)) {
        case INVALID ->
            w.write(
                ">\n      <failure message=\""
                    + escape(c.reason())
                    + "\" type=\""
                    + escape(c.id())
                    + "\">"
                    + body
                    + "</failure>\n    </testcase>\n");
        case UNKNOWN ->
            w.write(
                ">\n      <error message=\""
                    + escape(c.reason())
                    + "\" type=\"unknown\">"
                    + body
                    + "</error>\n    </testcase>\n");
        case NOT_EXERCISED ->
            w.write(
                ">\n      <skipped message=\"" + escape(c.reason()) + "\"/>\n    </testcase>\n");
        default -> w.write("/>\n");
      }
      out.append(c.id())
          .append(' ')
          .append(c.outcome())
          .append(": ")
          .append(c.reason() == null ? "" : c.reason())
          .append('\n');
    }
    w.write("    <system-out>" + escape(out.toString()) + "</system-out>\n");
    w.write("    <system-err></system-err>\n");
    w.write("  </testsuite>\n</testsuites>\n");
  }

  /** This host's name as the shell knows it, without a DNS lookup (which can stall). */
  static String hostname() {
    String h = System.getenv("HOSTNAME");
    if (h == null || h.isBlank()) h = System.getenv("COMPUTERNAME");
    return h == null || h.isBlank() ? "localhost" : h.strip();
  }

  /** XML-escapes text, dropping characters XML 1.0 cannot hold. */
  static String escape(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        // Kept literally, line breaks in an attribute would read back as spaces.
        case '\n' -> b.append("&#10;");
        case '\r' -> b.append("&#13;");
        case '\t' -> b.append("&#9;");
        default -> {
          if (Character.isSurrogate(c)) {
            // Only a well-formed pair is a character; a lone half is dropped.
            if (Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
              b.append(c).append(s.charAt(++i));
            }
          } else if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
