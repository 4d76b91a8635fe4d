package io.replicheck.report.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.replicheck.report.ReportException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a run folder (history.jsonl, samples.jsonl, results.json). A malformed line is an error
 * naming the file and line; a missing history, samples or results file is an empty one (but one of
 * history and results must be there), since a run that crashed early still deserves a report of
 * what it recorded.
 */
public final class RunReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunReader() {}

  public static RunData read(Path dir) {
    if (!Files.isDirectory(dir)) throw new ReportException("not a run folder: " + dir);
    Path history = dir.resolve("history.jsonl");
    boolean hasHistory = Files.isRegularFile(history);
    if (!hasHistory && !Files.isRegularFile(dir.resolve("results.json"))) {
      throw new ReportException("not a run folder (no history.jsonl or results.json): " + dir);
    }
    List<HistoryEvent> events = new ArrayList<>();
    if (hasHistory) forEachLine(history, node -> events.add(event(node)));
    List<Sample> samples = new ArrayList<>();
    Path samplesFile = dir.resolve("samples.jsonl");
    // The sampler writes -1 for a field INFO did not give (e.g. a node that was down): no reading.
    if (Files.isRegularFile(samplesFile)) forEachLine(samplesFile, node -> {
      Sample s = sample(node);
      if (s.offset() >= 0) samples.add(s);
    });
    JsonNode results = results(dir);
    long end = Math.max(events.stream().mapToLong(HistoryEvent::time).max().orElse(0),
        samples.stream().mapToLong(Sample::time).max().orElse(0));
    List<Op> ops = Pairing.ops(events, end);
    return RunData.of(dir, events, ops, Pairing.bands(events, end), samples, results, Counterexample.all(results),
        Staleness.of(ops, events, samples));
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
          if (node == null || !node.isObject()) throw new IllegalArgumentException("not a JSON object");
          handler.accept(node);
        } catch (JsonProcessingException | IllegalArgumentException e) {
          throw new ReportException(file + ":" + lineNo + ": " + firstLine(e.getMessage()), e);
        }
      }
    } catch (IOException e) {
      throw new ReportException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static HistoryEvent event(JsonNode n) {
    JsonNode p = n.path("process");
    int process;
    if (p.isIntegralNumber()) process = p.asInt();
    else if ("nemesis".equals(p.asText())) process = HistoryEvent.NEMESIS;
    else throw new IllegalArgumentException("process must be an integer or \"nemesis\", got " + p);
    String type = n.path("type").asText("");
    if (!List.of("invoke", "ok", "fail", "info").contains(type)) {
      throw new IllegalArgumentException("type must be invoke, ok, fail or info, got \"" + type + "\"");
    }
    if (!n.path("time").isNumber()) throw new IllegalArgumentException("time is missing");
    return new HistoryEvent(n.path("index").asLong(-1), process, type, n.path("f").asText(""),
        n.hasNonNull("key") ? n.get("key").asText() : null, n.get("value"), n.path("time").asLong(),
        n.hasNonNull("node") ? n.get("node").asText() : null,
        n.hasNonNull("error") ? n.get("error").asText() : null);
  }

  static Sample sample(JsonNode n) {
    if (!n.hasNonNull("node") || !n.path("time").isNumber()) {
      throw new IllegalArgumentException("a sample needs node and time");
    }
    return new Sample(n.get("node").asText(), n.get("time").asLong(), n.path("role").asText(""),
        n.path("offset").asLong(0), n.path("linkUp").asBoolean(true), n.path("syncFull").asLong(0),
        n.path("syncPartialOk").asLong(0), n.path("syncPartialErr").asLong(0));
  }

  private static String firstLine(String s) {
    if (s == null) return "malformed";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
