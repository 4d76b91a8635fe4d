package io.replicheck.history;

import java.util.Objects;

/**
 * One line of a history: a client process invoking an op or learning its outcome, or a nemesis
 * event. Values are normalized by {@link Values#normalize}.
 *
 * @param index position in the history (0-based, as Jepsen numbers events)
 * @param process a client process id (Long) or {@link #NEMESIS}
 * @param type invoke, ok, fail or info
 * @param f the function, e.g. read, write, cas, append, txn, acquire
 * @param key the key the op touches, or null for single-object histories
 * @param value the op's value (any normalized value, may be null)
 * @param time monotonic nanoseconds, or null when the source had none
 * @param node the node the op went to, or null
 * @param error the error a fail or info carried, or null
 * @param line the 1-based source line it was read from, 0 when built in memory
 */
public record Event(
    long index,
    Object process,
    EventType type,
    String f,
    Object key,
    Object value,
    Long time,
    String node,
    Object error,
    int line) {

  /** The process id Jepsen gives to the nemesis. */
  public static final String NEMESIS = "nemesis";

  public Event {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(type, "type");
    if (!(process instanceof Long) && !NEMESIS.equals(process)) {
      throw new IllegalArgumentException("process must be an integer or \"nemesis\": " + process);
    }
  }

  /** A client event without optional fields, for tests and generators. */
  public static Event of(long index, long process, EventType type, String f, Object value) {
    return new Event(index, process, type, f, null, value, null, null, null, 0);
  }

  public boolean isNemesis() {
    return NEMESIS.equals(process);
  }

  public Event withIndex(long newIndex) {
    return new Event(newIndex, process, type, f, key, value, time, node, error, line);
  }

  public Event withValue(Object newValue) {
    return new Event(index, process, type, f, key, newValue, time, node, error, line);
  }

  public Event withType(EventType newType) {
    return new Event(index, process, newType, f, key, value, time, node, error, line);
  }

  public Event withKey(Object newKey) {
    return new Event(index, process, type, f, newKey, value, time, node, error, line);
  }

  public Event withTime(Long newTime) {
    return new Event(index, process, type, f, key, value, newTime, node, error, line);
  }

  /** Where it came from, for messages: "event 7 (line 9)". */
  public String where() {
    return line > 0 ? "event " + index + " (line " + line + ")" : "event " + index;
  }

  @Override
  public String toString() {
    return "{"
        + index
        + " "
        + process
        + " "
        + type.wireName()
        + " "
        + f
        + (key == null ? "" : " key=" + Values.show(key))
        + " "
        + Values.show(value)
        + "}";
  }
}
