package io.replicheck.explore.shape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicheck.gen.Gen;
import io.replicheck.gen.Shrink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data a schedule writes: values up to {@code maxValueBytes} (each drawn log-uniform from 1
 * byte to it, so one value can exceed a replica's output buffer limit or the whole backlog), a
 * preload of {@code preloadKeys} keys of {@code preloadValueBytes} each written before the run
 * phase (so a full sync carries a real snapshot and takes seconds), the clients' {@code rate} over
 * time and the {@code db} they use. In replay.json:
 *
 * <pre>
 * "shape" : { "maxValueBytes" : 8388608, "preloadKeys" : 100000, "preloadValueBytes" : 64,
 *             "rate" : { "segments" : [ { "kind" : "burst", "durationMillis" : 400,
 *                                         "opsPerSecond" : 5000 } ] }, "db" : 3 }
 * </pre>
 */
public record DataShape(
    long maxValueBytes, int preloadKeys, int preloadValueBytes, RatePattern rate, int db) {
  public static final long MAX_VALUE_BYTES = 8L * 1024 * 1024;
  public static final int MAX_PRELOAD_KEYS = 100_000;

  /** A preload holds at most this much in values: 100,000 keys are small ones. */
  public static final long MAX_PRELOAD_BYTES = 64L * 1024 * 1024;

  /** The rate shrinking settles on. */
  public static final int STEADY_OPS = 100;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  public DataShape {
    if (maxValueBytes < 1 || maxValueBytes > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(
          "maxValueBytes " + maxValueBytes + " not in 1.." + MAX_VALUE_BYTES);
    }
    if (preloadKeys < 0 || preloadKeys > MAX_PRELOAD_KEYS) {
      throw new IllegalArgumentException(
          "preloadKeys " + preloadKeys + " not in 0.." + MAX_PRELOAD_KEYS);
    }
    if (preloadValueBytes < 1
        || preloadValueBytes > MAX_VALUE_BYTES
        || (long) preloadKeys * preloadValueBytes > MAX_PRELOAD_BYTES) {
      throw new IllegalArgumentException(
          "preload of "
              + preloadKeys
              + " x "
              + preloadValueBytes
              + " bytes is over "
              + MAX_PRELOAD_BYTES
              + " bytes");
    }
    if (rate == null) {
      throw new IllegalArgumentException("a data shape needs a rate");
    }
    if (db < 0 || db > 15) {
      throw new IllegalArgumentException("db " + db + " not in 0..15");
    }
  }

  /** A value size drawn log-uniform from 1 byte to {@code maxValueBytes}; u uniform in [0, 1). */
  public int valueSize(double u) {
    return (int) LogUniform.at(1, maxValueBytes, u);
  }

  /**
   * Draws a shape: the largest value log-uniform 1 byte .. 8 MB, 1..100,000 preload keys
   * (log-uniform) of 1 byte .. min(8 MB, 64 MB / keys), a rate pattern, db 0 three times in four
   * and 1..15 otherwise.
   */
  public static Gen<DataShape> gen() {
    Gen<Integer> db =
        Gen.frequency(List.of(Map.entry(3, Gen.constant(0)), Map.entry(1, Gen.chooseInt(1, 15))));
    Gen<long[]> preload =
        LogUniform.between(1, MAX_PRELOAD_KEYS)
            .flatMap(
                keys ->
                    LogUniform.between(1, Math.min(MAX_VALUE_BYTES, MAX_PRELOAD_BYTES / keys))
                        .map(size -> new long[] {keys, size}));
    return LogUniform.between(1, MAX_VALUE_BYTES)
        .flatMap(
            max ->
                preload.flatMap(
                    p ->
                        RatePattern.gen()
                            .flatMap(
                                rate ->
                                    db.map(
                                        d ->
                                            new DataShape(max, (int) p[0], (int) p[1], rate, d)))));
  }

  /**
   * Smaller shapes, simplest first: db 0, a steady rate, then fewer preload keys, smaller preload
   * values and a smaller largest value (each the low end, then halfway).
   */
  public List<DataShape> shrinkCandidates() {
    List<DataShape> out = new ArrayList<>();
    if (db != 0) {
      out.add(new DataShape(maxValueBytes, preloadKeys, preloadValueBytes, rate, 0));
    }
    if (!rate.isSteady()) {
      out.add(new DataShape(maxValueBytes, preloadKeys, preloadValueBytes, rate.toSteady(), db));
    }
    for (long k : firstTwo(preloadKeys, 1)) {
      out.add(new DataShape(maxValueBytes, (int) k, preloadValueBytes, rate, db));
    }
    for (long s : firstTwo(preloadValueBytes, 1)) {
      out.add(new DataShape(maxValueBytes, preloadKeys, (int) s, rate, db));
    }
    for (long m : firstTwo(maxValueBytes, 1)) {
      out.add(new DataShape(m, preloadKeys, preloadValueBytes, rate, db));
    }
    return out;
  }

  private static List<Long> firstTwo(long value, long target) {
    return value <= target ? List.of() : Shrink.towards(value, target).limit(2).toList();
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses what {@link #toJson} writes; a bad document is an IllegalArgumentException. */
  public static DataShape fromJson(String json) {
    try {
      return JSON.readValue(json, DataShape.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      throw new IllegalArgumentException(
          "shape: " + (cause == e ? e.getOriginalMessage() : cause.getMessage()), e);
    }
  }
}
