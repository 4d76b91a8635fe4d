package io.replicheck.runner;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.JsonlFormat;
import io.replicheck.history.Values;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Records a run's history as it happens: every op as invoke then ok|fail|info, every nemesis event,
 * with a global index and monotonic nanoseconds since the run began. Events are models' {@link
 * Event}s, written by {@link JsonlFormat} into the run folder's {@value JsonlFormat#RUN_FILE} and
 * kept in memory for the checkers. A string value over {@value Values#MAX_RECORDED_BYTES} bytes is
 * recorded by its length and SHA-1 ({@link Values#recorded}), which the checkers compare as they
 * would the string.
 */
public final class HistoryRecorder implements AutoCloseable {
  private final long t0 = System.nanoTime();
  private final long wallAtStart = System.currentTimeMillis();
  private final Writer out;
  private final List<Event> events = new ArrayList<>();

  /** Records into {@code runDir}'s {@value JsonlFormat#RUN_FILE}. */
  public HistoryRecorder(Path runDir) {
    Path file = runDir.resolve(JsonlFormat.RUN_FILE);
    try {
      out =
          new BufferedWriter(
              new OutputStreamWriter(
                  new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                  StandardCharsets.UTF_8),
              1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the history " + file, e);
    }
  }

  /** The wall-clock ms of an event time (ns since the run began), to compare with log lines. */
  public long wallMs(long time) {
    return wallAtStart + time / 1_000_000;
  }

  /** Nanoseconds since the run began. */
  public long now() {
    return System.nanoTime() - t0;
  }

  /**
   * Records one event; {@code process} is an Integer or Long, or "nemesis"; {@code type} invoke,
   * ok, fail or info. Returns its index.
   */
  public synchronized long record(
      Object process, String type, String f, String key, Object value, String node, String error) {
    Object p = process instanceof Number n ? (Object) n.longValue() : process;
    EventType t = EventType.fromWire(type);
    if (t == null) throw new IllegalArgumentException("not an event type: " + type);
    Event e = new Event(events.size(), p, t, f, key, Values.recorded(value), now(), node, error, 0);
    events.add(e);
    try {
      out.write(JsonlFormat.line(e));
      out.write('\n');
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return e.index();
  }

  /** A snapshot of the events so far. */
  public synchronized List<Event> events() {
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
