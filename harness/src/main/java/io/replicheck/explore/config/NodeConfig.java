package io.replicheck.explore.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configuration a schedule's nodes start with: directives for every node, and overrides for the
 * first master (a failover does not move them). A directive that is absent runs at the server's
 * default, which is what shrinking moves a directive back to. In replay.json:
 *
 * <pre>
 * "config" : { "all" : { "repl-backlog-size" : "16384", "save" : "" },
 *              "master" : { "min-replicas-to-write" : "1" } }
 * </pre>
 *
 * @param all directive -> value for every node
 * @param master directive -> value for the first master, over {@code all}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeConfig(Map<String, String> all, Map<String, String> master) {
  /** No directive set: every node at the server's defaults. */
  public static final NodeConfig DEFAULTS = new NodeConfig(Map.of(), Map.of());

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public NodeConfig {
    all = sorted(all);
    master = sorted(master);
  }

  private static Map<String, String> sorted(Map<String, String> m) {
    return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(m));
  }

  /** Every directive name is lower-case redis spelling and no value spans lines. */
  public void validate() {
    for (Map<String, String> m : List.of(all, master)) {
      for (Map.Entry<String, String> e : m.entrySet()) {
        if (!NAME.matcher(e.getKey()).matches()) {
          throw new IllegalArgumentException(
              "config: '" + e.getKey() + "' is not a directive name");
        }
        if (e.getValue() == null
            || e.getValue().indexOf('\n') >= 0
            || e.getValue().indexOf('\r') >= 0) {
          throw new IllegalArgumentException("config: " + e.getKey() + " has no single-line value");
        }
      }
    }
  }

  /** The directives a node starts with: {@code all}, with {@code master} over it on the master. */
  public Map<String, String> effective(boolean isMaster) {
    Map<String, String> m = new TreeMap<>(all);
    if (isMaster) {
      m.putAll(master);
    }
    return m;
  }

  /**
   * redis-server arguments: {@code --directive word...}, one argument per word of the value (redis
   * and the reference server both read {@code --save 60 1} and {@code --client-output-buffer-limit
   * replica 0 0 0}); an empty value is one empty argument ({@code --save ""}). Append them after
   * the node's own arguments: the last occurrence wins.
   */
  public List<String> args(boolean isMaster) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : effective(isMaster).entrySet()) {
      out.add("--" + e.getKey());
      String v = e.getValue().strip();
      if (v.isEmpty()) {
        out.add("");
      } else {
        out.addAll(List.of(v.split("\\s+")));
      }
    }
    return out;
  }

  /**
   * This configuration with {@code directive}'s numeric value (on every node and on the master)
   * lowered to {@code max} where it is above it.
   */
  public NodeConfig capped(String directive, long max) {
    return new NodeConfig(cap(all, directive, max), cap(master, directive, max));
  }

  private static Map<String, String> cap(Map<String, String> m, String directive, long max) {
    String v = m.get(directive);
    if (v == null) return m;
    try {
      if (Long.parseLong(v.strip()) <= max) return m;
    } catch (NumberFormatException e) {
      return m;
    }
    Map<String, String> out = new TreeMap<>(m);
    out.put(directive, Long.toString(max));
    return out;
  }

  @JsonIgnore
  public boolean isEmpty() {
    return all.isEmpty() && master.isEmpty();
  }

  /**
   * Each directive back at its default (left out), one at a time, in name order, {@code all} before
   * {@code master}; candidates that break {@link #admissible} are skipped.
   */
  public List<NodeConfig> shrinkCandidates() {
    List<NodeConfig> out = new ArrayList<>();
    for (String name : all.keySet()) {
      Map<String, String> a = new TreeMap<>(all);
      a.remove(name);
      out.add(new NodeConfig(a, master));
    }
    for (String name : master.keySet()) {
      Map<String, String> m = new TreeMap<>(master);
      m.remove(name);
      out.add(new NodeConfig(all, m));
    }
    return out.stream().filter(NodeConfig::admissible).toList();
  }

  /**
   * A configuration replication can live with on every node: {@code repl-timeout} above {@code
   * repl-ping-replica-period} (redis's own advice; otherwise an idle master's replica times out
   * between pings forever). Absent directives count at what every node of a run starts with before
   * its drawn configuration: the harness's {@code --repl-timeout 5 --repl-ping-replica-period 1}
   * ({@code Runner.DEFAULT_SERVER_ARGS}), not redis's 60 and 10 s (a drawn ping period of 5 s under
   * the harness's 5 s timeout had idle replicas time out and resync once faults stopped).
   */
  @JsonIgnore
  public boolean admissible() {
    for (boolean isMaster : new boolean[] {false, true}) {
      Map<String, String> m = effective(isMaster);
      long timeout = number(m.getOrDefault("repl-timeout", "5"));
      long ping = number(m.getOrDefault("repl-ping-replica-period", "1"));
      if (timeout <= ping) {
        return false;
      }
    }
    return true;
  }

  private static long number(String v) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses the JSON {@link #toJson} writes; a bad document is an IllegalArgumentException. */
  public static NodeConfig fromJson(String json) {
    try {
      NodeConfig c = JSON.readValue(json, NodeConfig.class);
      c.validate();
      return c;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("config: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public String toString() {
    return master.isEmpty() ? all.toString() : all + " master " + master;
  }
}
