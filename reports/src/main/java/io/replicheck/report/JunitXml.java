package io.replicheck.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * JUnit XML as CI servers read it (Jenkins, GitLab, GitHub test reporters): one test suite per
 * run, one test case per invariant. A violated invariant is a {@code <failure>}, an invariant the
 * run could not decide an {@code <error>}, each with a one-line message.
 */
public final class JunitXml {

  /** One test case: {@code outcome} is valid, invalid or unknown. */
  public record Case(String id, String name, String outcome, String reason, List<String> evidence) {}

  private JunitXml() {}

  public static void write(Path file, String suite, double seconds, List<Case> cases) throws IOException {
    long failures = cases.stream().filter(c -> c.outcome().equals("invalid")).count();
    long errors = cases.stream().filter(c -> c.outcome().equals("unknown")).count();
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
      w.write(String.format("<testsuites name=\"replicheck\" tests=\"%d\" failures=\"%d\" errors=\"%d\" time=\"%.3f\">%n",
          cases.size(), failures, errors, seconds));
      w.write(String.format("  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"0\" time=\"%.3f\">%n",
          escape(suite), cases.size(), failures, errors, seconds));
      for (Case c : cases) {
        w.write(String.format("    <testcase classname=\"replicheck.%s\" name=\"%s %s\" time=\"0\">",
            escape(suite), escape(c.id()), escape(c.name())));
        String body = escape(String.join("\n", c.evidence()));
        switch (c.outcome()) {
          case "invalid" -> w.write(String.format("%n      <failure message=\"%s\" type=\"%s\">%s</failure>%n    ",
              escape(c.reason()), escape(c.id()), body));
          case "unknown" -> w.write(String.format("%n      <error message=\"%s\" type=\"unknown\">%s</error>%n    ",
              escape(c.reason()), body));
          default -> w.write(String.format("%n      <system-out>%s</system-out>%n    ", escape(c.reason())));
        }
        w.write("</testcase>\n");
      }
      w.write("  </testsuite>\n</testsuites>\n");
    }
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
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') b.append(c);
        }
      }
    }
    return b.toString();
  }
}
