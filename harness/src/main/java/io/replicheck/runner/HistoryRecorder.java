package io.replicheck.runner;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records a run's history as it happens: every op as invoke then ok|fail|info, every nemesis
 * event, with a global index and monotonic nanoseconds since the run began, written as JSON Lines
 * (shared/DESIGN.md's format) and kept in memory for the checkers.
 */
public final class HistoryRecorder implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final long t0 = System.nanoTime();
  private final BufferedWriter out;
  private final List<Map<String, Object>> events = new ArrayList<>();

  public HistoryRecorder(Path file) {
    try {
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the history " + file, e);
    }
  }

  /** Nanoseconds since the run began. */
  public long now() {
    return System.nanoTime() - t0;
  }

  /** Records one event; {@code process} is an Integer, or "nemesis". Returns its index. */
  public synchronized long record(Object process, String type, String f, String key, Object value, String node, String error) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("index", (long) events.size());
    e.put("process", process);
    e.put("type", type);
    e.put("f", f);
    if (key != null) e.put("key", key);
    e.put("value", value);
    e.put("time", now());
    if (node != null) e.put("node", node);
    if (error != null) e.put("error", error);
    events.add(e);
    try {
      out.write(JSON.writeValueAsString(e));
      out.write('\n');
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return events.size() - 1;
  }

  /** A snapshot of the events so far. */
  public synchronized List<Map<String, Object>> events() {
    return List.copyOf(events);
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
