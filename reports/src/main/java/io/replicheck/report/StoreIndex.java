package io.replicheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicheck.history.JsonlFormat;
import io.replicheck.report.data.RunReader;
import io.replicheck.report.html.IndexPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@code store/index.html}: every run in the store, newest first, each linking to its report. */
public final class StoreIndex {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private StoreIndex() {}

  /** Writes store/index.html and returns its path. */
  public static Path render(Path store) {
    String html =
        IndexPage.render(store.toAbsolutePath().normalize().toString(), runs(store), latest(store));
    Path index = store.resolve("index.html");
    try {
      AtomicFiles.write(index, w -> w.write(html));
    } catch (IOException e) {
      throw new ReportException("cannot write " + index + ": " + e.getMessage(), e);
    }
    return index;
  }

  /** The runs in the store: folders (not links) holding a history or results. */
  public static List<IndexPage.Row> runs(Path store) {
    if (!Files.isDirectory(store)) throw new ReportException("no store folder at " + store);
    List<IndexPage.Row> rows = new ArrayList<>();
    try (Stream<Path> s = Files.list(store)) {
      for (Path dir : s.sorted(Comparator.reverseOrder()).toList()) {
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir)) continue;
        if (!Files.isRegularFile(dir.resolve("results.json"))
            && JsonlFormat.runHistory(dir) == null) continue;
        rows.add(row(dir));
      }
    } catch (IOException e) {
      throw new ReportException("cannot list " + store + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private static IndexPage.Row row(Path dir) {
    String name = dir.getFileName().toString();
    String time = time(dir, name);
    try {
      JsonNode r = RunReader.results(dir);
      JsonNode spec = r.path("spec");
      return new IndexPage.Row(
          name,
          time,
          text(spec.path("workload")),
          text(spec.path("nemesis")),
          r.path("server").asText(spec.path("server").asText("?")),
          r.path("verdict").asText("unknown"),
          r.path("summary").asText(""));
    } catch (ReportException e) {
      return new IndexPage.Row(name, time, "?", "?", "?", "unreadable", e.getMessage());
    }
  }

  /** A spec field as shown: text as is, a list joined with commas, "?" when missing. */
  private static String text(JsonNode v) {
    if (v.isMissingNode() || v.isNull()) return "?";
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(p -> parts.add(p.asText()));
      return String.join(",", parts);
    }
    return v.asText();
  }

  private static String time(Path dir, String name) {
    if (name.length() >= 15) {
      try {
        return LocalDateTime.parse(name.substring(0, 15), STAMP).format(SHOWN);
      } catch (DateTimeParseException e) {
        // Not one of ours: fall back to the folder's time.
      }
    }
    try {
      return LocalDateTime.ofInstant(
              Files.getLastModifiedTime(dir).toInstant(), ZoneId.systemDefault())
          .format(SHOWN);
    } catch (IOException e) {
      return "?";
    }
  }

  /** The run store/latest points at (a link, or a file naming the folder), or null. */
  static String latest(Path store) {
    Path latest = store.resolve("latest");
    try {
      if (Files.isSymbolicLink(latest))
        return Files.readSymbolicLink(latest).getFileName().toString();
      if (Files.isRegularFile(latest)) return Files.readString(latest).trim();
    } catch (IOException e) {
      // No latest link is fine.
    }
    return null;
  }
}
