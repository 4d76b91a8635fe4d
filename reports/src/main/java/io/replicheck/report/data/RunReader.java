package io.replicheck.report.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.History;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.history.JsonlFormat;
import io.replicheck.history.JsonlReader;
import io.replicheck.history.Op;
import io.replicheck.report.ReportException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a run folder (history.jsonl.gz, or an older store's history.jsonl, through models' {@link
 * JsonlFormat}; samples.jsonl; results.json). A malformed line is an error naming the file and
 * line; a missing history, samples or results file is an empty one (but one of history and results
 * must be there), since a run that crashed early still deserves a report of what it recorded.
 */
public final class RunReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunReader() {}

  public static RunData read(Path dir) {
    return read(dir, MAX_DRAWN_OPS);
  }

  /** As {@link #read(Path)}, drawing at most about {@code maxDrawnOps} client ops. */
  public static RunData read(Path dir, int maxDrawnOps) {
    if (!Files.isDirectory(dir)) throw new ReportException("not a run folder: " + dir);
    Path history = JsonlFormat.runHistory(dir);
    if (history == null && !Files.isRegularFile(dir.resolve("results.json"))) {
      throw new ReportException(
          "not a run folder (no "
              + JsonlFormat.RUN_FILE
              + ", "
              + JsonlFormat.PLAIN_RUN_FILE
              + " or results.json): "
              + dir);
    }
    JsonNode results = results(dir);
    List<Event> events = List.of();
    long allOps = 0;
    long oneIn = 1;
    if (history != null) {
      allOps = invokes(history);
      oneIn = Math.max(1, (allOps + maxDrawnOps - 1) / maxDrawnOps);
      Set<Long> named = new HashSet<>(InvariantCounterexample.indices(results));
      for (InvariantCounterexample c : InvariantCounterexample.all(results)) {
        named.addAll(c.linearized());
      }
      events = events(history, oneIn, named);
    }
    List<Sample> samples = new ArrayList<>();
    Path samplesFile = dir.resolve("samples.jsonl");
    // The sampler writes -1 for a field INFO did not give (e.g. a node that was down): no reading.
    if (Files.isRegularFile(samplesFile))
      forEachLine(
          samplesFile,
          node -> {
            Sample s = sample(node);
            if (s.offset() >= 0) samples.add(s);
          });
    long end =
        Math.max(
            events.stream().mapToLong(RunData::time).max().orElse(0),
            samples.stream().mapToLong(Sample::time).max().orElse(0));
    List<DrawnOp> ops = ops(history == null ? null : history.toString(), events, end);
    return RunData.of(
        dir,
        events,
        ops,
        NemesisBands.of(events, end, RunData::time),
        samples,
        results,
        InvariantCounterexample.all(results),
        Staleness.of(ops, samples),
        allOps,
        oneIn);
  }

  /**
   * The most client ops a report draws. A longer history (an hour's run records millions) is
   * thinned to every k-th op by invoke, plus every op a counterexample names and every nemesis
   * event, so the report takes bounded memory and a page a browser opens; the page says so.
   */
  public static final int MAX_DRAWN_OPS = 200_000;

  /** Client invokes in the history, streaming (nothing kept). */
  private static long invokes(Path history) {
    long n = 0;
    try (JsonlReader in = JsonlReader.open(history)) {
      // an invoke's line holds the word whatever its spacing: only those are parsed
      for (Event e; (e = in.next(l -> l.contains("invoke"))) != null; ) {
        if (!e.isNemesis() && e.type() == EventType.INVOKE) n++;
      }
    } catch (HistoryFormatException e) {
      throw new ReportException(e.getMessage(), e);
    }
    return n;
  }

  /**
   * The events to draw: all when {@code oneIn} is 1; else every nemesis event and the invoke and
   * completion of every {@code oneIn}-th op (by invoke), and of each op whose invoke {@code keep}
   * names.
   */
  private static List<Event> events(Path history, long oneIn, Set<Long> keep) {
    List<Event> out = new ArrayList<>();
    Set<Object> drawn = new HashSet<>(); // processes whose open op is drawn
    long invokes = 0;
    try (JsonlReader in = JsonlReader.open(history)) {
      for (Event e; (e = in.next()) != null; ) {
        if (oneIn == 1 || e.isNemesis()) {
          out.add(e);
        } else if (e.type() == EventType.INVOKE) {
          if (invokes++ % oneIn == 0 || keep.contains(e.index())) {
            out.add(e);
            drawn.add(e.process());
          } else {
            drawn.remove(e.process());
          }
        } else if (drawn.remove(e.process())) {
          out.add(e);
        }
      }
    } catch (HistoryFormatException e) {
      throw new ReportException(e.getMessage(), e);
    }
    return out;
  }

  /**
   * The client ops of a history, paired by models' {@link History} and placed in time; an op the
   * history left open ends at {@code end}. Lenient: a report shows what a run recorded even when a
   * crash left it breaking Jepsen's rules (events that break them form no op).
   */
  public static List<DrawnOp> ops(String source, List<Event> events, long end) {
    List<DrawnOp> ops = new ArrayList<>();
    for (Op op : History.lenient(source, events).ops()) {
      long invoked = RunData.time(op.invoke());
      ops.add(
          new DrawnOp(
              op,
              invoked,
              op.completion() == null
                  ? Math.max(end, invoked)
                  : Math.max(invoked, RunData.time(op.completion()))));
    }
    return ops;
  }

  /** results.json, or an empty object when the run wrote none. */
  public static JsonNode results(Path dir) {
    Path file = dir.resolve("results.json");
    if (!Files.isRegularFile(file)) return JsonNodeFactory.instance.objectNode();
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.isObject()) throw new ReportException(file + ": not a JSON object");
      return node;
    } catch (IOException e) {
      throw new ReportException(file + ": " + firstLine(e.getMessage()), e);
    }
  }

  private interface LineHandler {
    void accept(JsonNode node);
  }

  private static void forEachLine(Path file, LineHandler handler) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank()) continue;
        try {
          JsonNode node = JSON.readTree(line);
          if (node == null || !node.isObject())
            throw new IllegalArgumentException("not a JSON object");
          handler.accept(node);
        } catch (JsonProcessingException | IllegalArgumentException e) {
          throw new ReportException(file + ":" + lineNo + ": " + firstLine(e.getMessage()), e);
        }
      }
    } catch (IOException e) {
      throw new ReportException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static Sample sample(JsonNode n) {
    if (!n.hasNonNull("node") || !n.path("time").isNumber()) {
      throw new IllegalArgumentException("a sample needs node and time");
    }
    return new Sample(
        n.get("node").asText(),
        n.get("time").asLong(),
        n.path("role").asText(""),
        n.path("offset").asLong(0),
        n.path("linkUp").asBoolean(true),
        n.path("syncFull").asLong(0),
        n.path("syncPartialOk").asLong(0),
        n.path("syncPartialErr").asLong(0));
  }

  private static String firstLine(String s) {
    if (s == null) return "malformed";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
