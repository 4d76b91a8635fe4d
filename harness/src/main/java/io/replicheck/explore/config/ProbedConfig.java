package io.replicheck.explore.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one server version said about its configuration: every directive {@code CONFIG GET *}
 * reported with its value at the time, and which of the space's probe values CONFIG SET refused.
 *
 * @param version the server version the probe was cached under
 * @param reported directive -> value, as CONFIG GET returned them
 * @param refused directive -> values CONFIG SET refused
 */
public record ProbedConfig(
    String version, Map<String, String> reported, Map<String, Set<String>> refused) {

  public ProbedConfig {
    reported = Map.copyOf(new TreeMap<>(reported));
    Map<String, Set<String>> r = new TreeMap<>();
    refused.forEach((k, v) -> r.put(k, Set.copyOf(new TreeSet<>(v))));
    refused = Map.copyOf(r);
  }

  /**
   * The directive's current value in the space's form, or null when the server did not report it.
   * {@code client-output-buffer-limit} is reduced to its replica class ({@code replica <hard>
   * <soft> <seconds>}; redis reports the class as {@code slave}).
   */
  public String current(String directive) {
    String v = reported.get(directive);
    if (v == null || !directive.equals("client-output-buffer-limit")) {
      return v;
    }
    List<String> words = List.of(v.strip().split("\\s+"));
    for (int i = 0; i + 3 < words.size(); i += 4) {
      String cls = words.get(i);
      if (cls.equals("slave") || cls.equals("replica")) {
        return "replica " + words.get(i + 1) + " " + words.get(i + 2) + " " + words.get(i + 3);
      }
    }
    return null;
  }

  public boolean refused(String directive, String value) {
    return refused.getOrDefault(directive, Set.of()).contains(value);
  }
}
