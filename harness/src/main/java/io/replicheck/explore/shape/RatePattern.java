package io.replicheck.explore.shape;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.replicheck.gen.Gen;
import java.util.List;
import java.util.Map;

/**
 * How fast clients write over the run phase: segments played in order and repeated, each a {@code
 * steady} rate, a {@code burst} (a high rate for a short while: a backlog or an output buffer
 * overflows in it) or an {@code idle} stretch (no ops: a replica that reconnects to an idle master
 * has every byte).
 *
 * @param segments played in order from the start of the run phase, then again
 */
public record RatePattern(List<Segment> segments) {

  /**
   * @param kind steady, burst or idle
   * @param durationMillis how long the segment lasts
   * @param opsPerSecond the rate in it (0 for idle)
   */
  public record Segment(String kind, long durationMillis, int opsPerSecond) {
    public Segment {
      if (!List.of("steady", "burst", "idle").contains(kind)) {
        throw new IllegalArgumentException(
            "rate segment kind '" + kind + "' (steady, burst, idle)");
      }
      if (durationMillis < 1 || opsPerSecond < 0 || (kind.equals("idle") != (opsPerSecond == 0))) {
        throw new IllegalArgumentException(
            "rate segment "
                + kind
                + " "
                + durationMillis
                + "ms at "
                + opsPerSecond
                + "/s is invalid");
      }
    }
  }

  public RatePattern {
    if (segments == null || segments.isEmpty()) {
      throw new IllegalArgumentException("a rate pattern needs at least one segment");
    }
    segments = List.copyOf(segments);
  }

  /** One steady rate throughout. */
  public static RatePattern steady(int opsPerSecond) {
    return new RatePattern(List.of(new Segment("steady", 1000, opsPerSecond)));
  }

  /** Ops per second {@code millis} after the start of the run phase. */
  public int opsPerSecond(long millis) {
    long period = segments.stream().mapToLong(Segment::durationMillis).sum();
    long t = Math.floorMod(millis, period);
    for (Segment s : segments) {
      if (t < s.durationMillis()) {
        return s.opsPerSecond();
      }
      t -= s.durationMillis();
    }
    throw new IllegalStateException("unreachable");
  }

  @JsonIgnore
  public boolean isSteady() {
    return segments.size() == 1 && segments.get(0).kind().equals("steady");
  }

  /** The steady rate a shrink moves to: the pattern's first steady or burst rate. */
  public RatePattern toSteady() {
    int rate =
        segments.stream()
            .filter(s -> s.opsPerSecond() > 0)
            .mapToInt(Segment::opsPerSecond)
            .findFirst()
            .orElse(DataShape.STEADY_OPS);
    return steady(Math.min(rate, DataShape.STEADY_OPS));
  }

  /**
   * One to four segments: steady 10..1000 ops/s for 1..10 s, bursts of 2,000..20,000 ops/s for
   * 0.2..2 s, idle stretches of 0.5..5 s; shrinks toward fewer segments, steady first.
   */
  public static Gen<RatePattern> gen() {
    Gen<Segment> steady =
        Gen.choose(1000, 10_000)
            .flatMap(
                d -> LogUniform.between(10, 1000).map(r -> new Segment("steady", d, r.intValue())));
    Gen<Segment> burst =
        Gen.choose(200, 2000)
            .flatMap(
                d ->
                    LogUniform.between(2000, 20_000)
                        .map(r -> new Segment("burst", d, r.intValue())));
    Gen<Segment> idle = Gen.choose(500, 5000).map(d -> new Segment("idle", d, 0));
    Gen<Segment> any =
        Gen.frequency(List.of(Map.entry(2, steady), Map.entry(1, burst), Map.entry(1, idle)));
    return any.list(1, 4)
        .filter(l -> l.stream().anyMatch(s -> s.opsPerSecond() > 0), 100)
        .map(RatePattern::new);
  }
}
