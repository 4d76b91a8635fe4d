package io.replicheck.proxy.toxic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of toxic types: their names, descriptions, attributes (Toxiproxy's JSON names, all
 * integers), defaults (Go's zero values, as Toxiproxy has them) and stages. Adding a toxic: its
 * stage class and one constant here. {@link #PARTITION} is this proxy's extension.
 */
public enum ToxicType {
  LATENCY(
      "latency",
      "delays data by latency ± jitter ms",
      List.of("latency", "jitter"),
      LatencyStage::new),
  BANDWIDTH("bandwidth", "limits the stream to rate KB/s", List.of("rate"), BandwidthStage::new),
  SLOW_CLOSE("slow_close", "delays the close by delay ms", List.of("delay"), SlowCloseStage::new),
  TIMEOUT(
      "timeout",
      "holds data, closes after timeout ms (0: never)",
      List.of("timeout"),
      TimeoutStage::new),
  RESET_PEER(
      "reset_peer",
      "TCP RST timeout ms after the first data",
      List.of("timeout"),
      ResetPeerStage::new),
  SLICER(
      "slicer",
      "slices data into average_size ± size_variation bytes, delay µs apart",
      List.of("average_size", "size_variation", "delay"),
      SlicerStage::new),
  LIMIT_DATA("limit_data", "closes after bytes bytes", List.of("bytes"), LimitDataStage::new),
  /**
   * Extension: holds (or drops) one stream's data and refuses new connections while present; with
   * {@code source} only for connections from that IPv4 address (as an unsigned 32-bit number).
   */
  PARTITION(
      "partition",
      "holds (drop: drops) data; refuse_new refuses new connections; source: only from that IPv4"
          + " address (a 32-bit number, 0: all)",
      List.of("drop", "refuse_new", "source"),
      PartitionStage::new);

  /** Builds a toxic's stage on one link; the one place a type meets its implementation. */
  @FunctionalInterface
  interface StageFactory {
    Stage make(ToxicSpec spec, Link link, java.util.SplittableRandom random);
  }

  /**
   * Upper bound for any time attribute (ms; µs for the slicer's delay): one day. Larger is a typo.
   */
  static final long MAX_MILLIS = 86_400_000L;

  private final String wire;
  private final String description;
  private final List<String> attributes;
  private final StageFactory stage;

  ToxicType(String wire, String description, List<String> attributes, StageFactory stage) {
    this.wire = wire;
    this.description = description;
    this.attributes = attributes;
    this.stage = stage;
  }

  /** What the toxic does, one line (docs/proxy.md lists the same). */
  public String description() {
    return description;
  }

  /** A new stage of this type. */
  Stage stage(ToxicSpec spec, Link link, java.util.SplittableRandom random) {
    return stage.make(spec, link, random);
  }

  public String wire() {
    return wire;
  }

  /** Attribute names in Toxiproxy's order. */
  public List<String> attributes() {
    return attributes;
  }

  /** Null when no such type. */
  public static ToxicType parse(String s) {
    for (ToxicType t : values()) {
      if (t.wire.equals(s)) return t;
    }
    return null;
  }

  /**
   * The defaults: zero everywhere, except a partition refuses new connections unless told
   * otherwise.
   */
  public Map<String, Long> defaults() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String a : attributes) m.put(a, 0L);
    if (this == PARTITION) m.put("refuse_new", 1L);
    return m;
  }

  /** Checks a full attribute set; returns an error message, or null when valid. */
  public String validate(Map<String, Long> attrs) {
    for (Map.Entry<String, Long> e : attrs.entrySet()) {
      if (e.getValue() < 0)
        return "attribute " + e.getKey() + " must not be negative, got " + e.getValue();
    }
    switch (this) {
      case LATENCY:
        if (attrs.get("latency") > MAX_MILLIS || attrs.get("jitter") > MAX_MILLIS) {
          return "latency and jitter are milliseconds, at most " + MAX_MILLIS;
        }
        return null;
      case SLOW_CLOSE:
      case TIMEOUT:
      case RESET_PEER:
        for (String a : attributes) {
          if (attrs.get(a) > MAX_MILLIS) return a + " is milliseconds, at most " + MAX_MILLIS;
        }
        return null;
      case SLICER:
        long avg = attrs.get("average_size");
        long var = attrs.get("size_variation");
        if (avg < 1) return "average_size must be at least 1";
        if (avg > (1 << 30)) return "average_size must be at most " + (1 << 30);
        if (var >= avg) return "size_variation must be less than average_size";
        if (attrs.get("delay") > MAX_MILLIS * 1000)
          return "delay is microseconds, at most " + MAX_MILLIS * 1000;
        return null;
      case PARTITION:
        if (attrs.get("drop") > 1 || attrs.get("refuse_new") > 1)
          return "drop and refuse_new are 0 or 1";
        if (attrs.get("source") > 0xFFFF_FFFFL)
          return "source is an IPv4 address as a 32-bit number, at most " + 0xFFFF_FFFFL;
        return null;
      default:
        return null;
    }
  }
}
