package io.replicheck.report.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicheck.history.Op;

/**
 * An op of the run record ({@link Op}, models' pairing of an invoke and its completion) placed on
 * the report's time axis: its two times resolved (an op the history left open ends at the end of
 * the run), and short display forms of what it carried. Only drawing lives here; what an op is
 * lives in models.
 *
 * @param op the paired op
 * @param invokeTime nanoseconds of the invoke
 * @param completeTime nanoseconds of the completion, or the end of the history when there is none
 */
public record DrawnOp(Op op, long invokeTime, long completeTime) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_VALUE_CHARS = 80;

  /** The lane: the client process id. */
  public int process() {
    return ((Number) op.process()).intValue();
  }

  public String f() {
    return op.f();
  }

  public String key() {
    return op.key() == null ? null : text(op.key());
  }

  public long invokeIndex() {
    return op.invoke().index();
  }

  /** The completion's index, -1 when the history ended first. */
  public long completeIndex() {
    return op.completion() == null ? -1 : op.completion().index();
  }

  /** ok, fail or info (a missing completion is info). */
  public String type() {
    return op.outcome().wireName();
  }

  /** The node it went to: the completion's, else the invoke's. */
  public String node() {
    return op.completion() != null && op.completion().node() != null
        ? op.completion().node()
        : op.invoke().node();
  }

  /** A short display form of the op's value (the completion's when it has one, e.g. a read's). */
  public String value() {
    Object v = op.output() != null ? op.output() : op.input();
    return text(v);
  }

  public String error() {
    return op.completion() == null || op.completion().error() == null
        ? null
        : text(op.completion().error());
  }

  public long latencyNanos() {
    return completeTime - invokeTime;
  }

  /** A short display form of a normalized value: strings as they are, the rest as JSON. */
  static String text(Object value) {
    if (value == null) return "";
    String s;
    if (value instanceof String str) {
      s = str;
    } else {
      try {
        s = JSON.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        s = String.valueOf(value);
      }
    }
    return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS - 1) + "…";
  }
}
