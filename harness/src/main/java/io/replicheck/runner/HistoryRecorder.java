package io.replicheck.runner;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.JsonlFormat;
import io.replicheck.history.JsonlWriter;
import io.replicheck.history.Values;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Records a run's history as it happens: every op as invoke then ok|fail|info, every nemesis event,
 * with a global index and monotonic nanoseconds since the run began, into the run folder's {@value
 * JsonlFormat#RUN_FILE} (models' {@link JsonlWriter}, the lines {@link JsonlFormat} defines).
 *
 * <p>Memory does not grow with the run. A client claims the next index from one atomic counter,
 * fills the ring slot of that index with the fields it already holds (no event object, map or
 * string is made) and publishes it; one writer thread takes the slots in index order, encodes them
 * and streams them through gzip. The order of the claims is the history's order, so an event
 * recorded after another completed has a higher index (what the checkers rely on). When the writer
 * is a whole ring behind, clients wait for it: the history never drops an event and never buffers
 * more than the ring. Only the counts of completions and the nemesis events (one pair per fault)
 * stay in memory; the checkers read the file back ({@link #file}).
 *
 * <p>A string value over {@value Values#MAX_RECORDED_BYTES} bytes is recorded by its length and
 * SHA-1 ({@link Values#recorded}, on the writer thread), which the checkers compare as they would
 * the string. When the disk fails, the writer reports it once through {@code onFailure} (the runner
 * aborts the run: verdict unknown with that reason) and drops what follows, so no client blocks.
 */
public final class HistoryRecorder implements AutoCloseable {
  /** Slots in the ring; a power of two. */
  static final int DEFAULT_RING = 1 << 14;

  /** How long close waits for the writer to drain the ring and finish the file. */
  private static final long CLOSE_BOUND_MS = 120_000;

  private final long t0 = System.nanoTime();
  private final long wallAtStart = System.currentTimeMillis();
  private final Path file;
  private final Consumer<String> onFailure;
  private final Slot[] ring;
  private final int mask;
  private final AtomicLong claimed = new AtomicLong(); // sign bit: sealed by close
  private final AtomicLong written = new AtomicLong(); // every index below it is out of the ring
  private final Thread writer;
  private volatile boolean closing;
  private volatile String failure;

  // the writer's own; read after close (join orders them)
  private JsonlWriter out;
  private final long[] completions = new long[EventType.values().length];
  private final List<Event> nemesis = new ArrayList<>();

  /** One event's fields, filled by a client and taken by the writer. */
  private static final class Slot {
    volatile long published = -1;
    Object process;
    EventType type;
    String f;
    Object key;
    Object value;
    long time;
    String node;
    Object error;
  }

  /** Records into {@code runDir}'s {@value JsonlFormat#RUN_FILE}. */
  public HistoryRecorder(Path runDir, Consumer<String> onFailure) {
    this(runDir.resolve(JsonlFormat.RUN_FILE), onFailure, DEFAULT_RING, null);
  }

  /**
   * Records into {@code file}; {@code out}, when given, replaces the gzip stream to the file (tests
   * give one that fails).
   */
  HistoryRecorder(Path file, Consumer<String> onFailure, int ringSize, JsonlWriter out) {
    if (Integer.bitCount(ringSize) != 1) throw new IllegalArgumentException("ring " + ringSize);
    this.file = file;
    this.onFailure = onFailure;
    this.ring = new Slot[ringSize];
    for (int i = 0; i < ringSize; i++) ring[i] = new Slot();
    this.mask = ringSize - 1;
    try {
      this.out = out != null ? out : JsonlWriter.gzip(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write the history " + file, e);
    }
    this.writer = new Thread(this::drain, "replicheck-history-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** The history file. */
  public Path file() {
    return file;
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
  public long record(
      Object process, String type, String f, String key, Object value, String node, String error) {
    EventType t = EventType.fromWire(type);
    if (t == null) throw new IllegalArgumentException("not an event type: " + type);
    return record(process, t, f, key, value, node, error);
  }

  /** As above, with the type as models' {@link EventType}. */
  public long record(
      Object process,
      EventType type,
      String f,
      Object key,
      Object value,
      String node,
      Object error) {
    Object p = process instanceof Number n ? (Object) n.longValue() : process;
    if (!(p instanceof Long) && !Event.NEMESIS.equals(p)) {
      throw new IllegalArgumentException("process must be a number or \"nemesis\": " + process);
    }
    long seq;
    do {
      seq = claimed.get();
      if (seq < 0) throw new IllegalStateException("the history " + file + " is closed");
    } while (!claimed.compareAndSet(seq, seq + 1));
    // wait for the writer when it is a whole ring behind (it drains even after a failure); a
    // millisecond, so that many waiting clients leave the writer the CPU it needs to catch up
    while (seq - written.get() >= ring.length) {
      if (!writer.isAlive()) throw new IllegalStateException("the history writer stopped");
      LockSupport.parkNanos(1_000_000);
    }
    Slot s = ring[(int) (seq & mask)];
    s.process = p;
    s.type = type;
    s.f = f;
    s.key = key;
    s.value = value;
    s.node = node;
    s.error = error;
    s.time = now();
    s.published = seq; // volatile: the fields above are visible to the writer that reads this
    return seq;
  }

  /** The writer thread: takes published slots in index order until closed and drained. */
  private void drain() {
    long next = 0;
    long end = -1;
    int idle = 0;
    while (true) {
      Slot s = ring[(int) (next & mask)];
      if (s.published == next) {
        take(s, next);
        written.lazySet(++next);
        idle = 0;
        continue;
      }
      if (closing) {
        if (end < 0) end = seal();
        if (next == end) break;
      }
      // nothing published yet: spin briefly, then sleep a millisecond (clients never wake the
      // writer). Waking every 100 µs cost a run's clients 5 to 15 µs of CPU per op on 2 cores
      // (issue 19); a millisecond is at most a few hundred events, far below the ring.
      if (++idle < 64) Thread.onSpinWait();
      else LockSupport.parkNanos(1_000_000);
    }
    finish();
  }

  /** Refuses further claims; returns how many were made (all of which will be published). */
  private long seal() {
    while (true) {
      long c = claimed.get();
      if (claimed.compareAndSet(c, c | Long.MIN_VALUE)) return c;
    }
  }

  private void take(Slot s, long index) {
    Object process = s.process;
    EventType type = s.type;
    if (Event.NEMESIS.equals(process)) {
      nemesis.add(
          new Event(
              index,
              process,
              type,
              s.f,
              s.key,
              Values.recorded(s.value),
              s.time,
              s.node,
              s.error,
              0));
    } else if (type != EventType.INVOKE) {
      completions[type.ordinal()]++;
    }
    if (failure == null) {
      try {
        out.write(
            index,
            process,
            type,
            s.f,
            Values.normalize(s.key),
            Values.recorded(s.value),
            true,
            s.time,
            s.node,
            Values.normalize(s.error));
      } catch (IOException | RuntimeException e) {
        fail(e);
      }
    }
    // let go of the values: the ring holds no event longer than it takes to write it
    s.process = null;
    s.f = null;
    s.key = null;
    s.value = null;
    s.node = null;
    s.error = null;
  }

  private void finish() {
    try {
      out.close();
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void fail(Exception e) {
    if (failure != null) return;
    failure =
        "cannot write the history "
            + file
            + ": "
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    try {
      out.close();
    } catch (IOException | RuntimeException ignored) {
      // the first error is the one reported
    }
    if (onFailure != null) onFailure.accept(failure);
  }

  /** Why the history could not be written, or null. */
  public String failure() {
    return failure;
  }

  /** How many client ops completed with {@code type} (ok, fail or info) so far written. */
  public long completions(EventType type) {
    return completions[type.ordinal()];
  }

  /** The nemesis events (a few per fault), for the checks that follow restarts. */
  public List<Event> nemesisEvents() {
    if (writer.isAlive()) throw new IllegalStateException("the history is still being written");
    return List.copyOf(nemesis);
  }

  /** How many events were recorded. */
  public long size() {
    return claimed.get() & Long.MAX_VALUE;
  }

  /**
   * Waits for the writer to write every recorded event and finish the file. Idempotent. A failure
   * is reported through {@link #failure}, not thrown: the verdict says it.
   */
  @Override
  public void close() {
    closing = true;
    try {
      writer.join(CLOSE_BOUND_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive() && failure == null) {
      failure =
          "the history writer did not finish "
              + file
              + " within "
              + TimeUnit.MILLISECONDS.toSeconds(CLOSE_BOUND_MS)
              + " s";
      if (onFailure != null) onFailure.accept(failure);
    }
  }
}
