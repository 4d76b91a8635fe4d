package io.replicheck.report;

import io.replicheck.report.data.RunData;
import io.replicheck.report.data.RunReader;
import io.replicheck.report.html.ReportPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Renders one stored run: {@code report.html} (self-contained). The harness calls this at the end
 * of every run; {@code serve} calls it for runs that have no report yet. The EDN history for
 * Jepsen/Knossos tooling is written on demand ({@code replicheck export --edn}), not here.
 */
public final class RunReport {
  private static final List<String> LINKED =
      List.of(
          "history.jsonl.gz",
          "history.jsonl",
          "history.edn",
          "samples.jsonl",
          "results.json",
          "junit.xml",
          "replay.json");

  private RunReport() {}

  /** Writes report.html into {@code runDir}; returns the report's path. */
  public static Path render(Path runDir) {
    RunData run = RunReader.read(runDir);
    try {
      String html = ReportPage.render(run, files(runDir));
      Path report = runDir.resolve("report.html");
      AtomicFiles.write(report, w -> w.write(html));
      return report;
    } catch (IOException e) {
      throw new ReportException("cannot write the report in " + runDir + ": " + e.getMessage(), e);
    }
  }

  /** The run's files worth linking to: the standard ones, then node logs. */
  static List<String> files(Path runDir) {
    List<String> out = new ArrayList<>();
    for (String f : LINKED) if (Files.isRegularFile(runDir.resolve(f))) out.add(f);
    Path nodes = runDir.resolve("nodes");
    if (Files.isDirectory(nodes)) {
      try (Stream<Path> s = Files.walk(nodes, 2)) {
        s.filter(Files::isRegularFile)
            .map(p -> runDir.relativize(p).toString().replace('\\', '/'))
            .sorted()
            .forEach(out::add);
      } catch (IOException | UncheckedIOException e) {
        // Logs are a convenience: a folder we cannot list just gets no links.
      }
    }
    return out;
  }
}
