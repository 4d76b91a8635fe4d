package io.replicheck.proxy.toxic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One toxic as configured on a proxy: what Toxiproxy's API shows as {@code
 * {"attributes":{...},"name":...,"type":...,"stream":...,"toxicity":...}}. Immutable.
 */
public final class ToxicSpec {
  private final String name;
  private final ToxicType type;
  private final Direction stream;
  private final double toxicity;
  private final Map<String, Long> attributes;

  public ToxicSpec(
      String name,
      ToxicType type,
      Direction stream,
      double toxicity,
      Map<String, Long> attributes) {
    this.name = Objects.requireNonNull(name);
    this.type = Objects.requireNonNull(type);
    this.stream = Objects.requireNonNull(stream);
    this.toxicity = toxicity;
    Map<String, Long> full = type.defaults();
    for (String a : type.attributes()) {
      Long v = attributes.get(a);
      if (v != null) full.put(a, v);
    }
    this.attributes = Collections.unmodifiableMap(full);
  }

  /**
   * Validates and builds; throws {@link IllegalArgumentException} with a message for the API's 400.
   */
  public static ToxicSpec of(
      String name,
      ToxicType type,
      Direction stream,
      double toxicity,
      Map<String, Long> attributes) {
    ToxicSpec spec = new ToxicSpec(name, type, stream, toxicity, attributes);
    if (!(toxicity >= 0.0 && toxicity <= 1.0)) {
      throw new IllegalArgumentException("toxicity must be between 0 and 1, got " + toxicity);
    }
    String err = type.validate(spec.attributes);
    if (err != null) throw new IllegalArgumentException(err);
    return spec;
  }

  public String name() {
    return name;
  }

  public ToxicType type() {
    return type;
  }

  public Direction stream() {
    return stream;
  }

  public double toxicity() {
    return toxicity;
  }

  /** Every attribute of the type, defaults filled in, in Toxiproxy's order. */
  public Map<String, Long> attributes() {
    return attributes;
  }

  public long attr(String key) {
    Long v = attributes.get(key);
    if (v == null) throw new IllegalArgumentException(type.wire() + " has no attribute " + key);
    return v;
  }

  /** A copy with some attributes and maybe the toxicity replaced (Toxiproxy's update merges). */
  public ToxicSpec merge(Map<String, Long> changed, Double newToxicity) {
    Map<String, Long> m = new LinkedHashMap<>(attributes);
    for (Map.Entry<String, Long> e : changed.entrySet()) {
      if (m.containsKey(e.getKey())) m.put(e.getKey(), e.getValue());
    }
    return of(name, type, stream, newToxicity == null ? toxicity : newToxicity, m);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ToxicSpec)) return false;
    ToxicSpec t = (ToxicSpec) o;
    return name.equals(t.name)
        && type == t.type
        && stream == t.stream
        && Double.compare(toxicity, t.toxicity) == 0
        && attributes.equals(t.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, stream, toxicity, attributes);
  }

  @Override
  public String toString() {
    return type.wire()
        + " "
        + name
        + " "
        + stream.wire()
        + " toxicity="
        + toxicity
        + " "
        + attributes;
  }

  /**
   * Whether this toxic acts on a connection from {@code source}: every toxic does, except a
   * partition with a {@code source} address, which acts only on connections from that address.
   */
  public boolean appliesTo(java.net.InetAddress source) {
    long only = type == ToxicType.PARTITION ? attributes.get("source") : 0;
    if (only == 0) return true;
    if (!(source instanceof java.net.Inet4Address)) return false;
    byte[] b = source.getAddress();
    long ip =
        ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    return ip == only;
  }

  /** Whether this toxic acts on some connections only (a partition of one source address). */
  public boolean bySource() {
    return type == ToxicType.PARTITION && attributes.get("source") != 0;
  }
}
