package io.replicheck.explore.config;

import io.replicheck.explore.shape.LogUniform;
import io.replicheck.gen.Gen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replication-relevant directives a schedule draws, each with redis 7.0's default and a range
 * that reaches the conditions replication bugs need: a backlog too small for a burst, a replica
 * output buffer a single value overflows, diskless syncs and loads, timeouts shorter than a
 * snapshot, persistence for master restarts. {@link #redis70()} is the whole space; {@link
 * #forServer} narrows it to what one server reported and accepted.
 */
public final class ConfigSpace {
  static final long KB = 1024;
  static final long MB = 1024 * KB;

  private final List<Directive> directives;

  private ConfigSpace(List<Directive> directives) {
    this.directives = List.copyOf(directives);
  }

  /** Every directive of the issue with redis 7.0's defaults, not narrowed to any server. */
  public static ConfigSpace redis70() {
    List<Directive> d = new ArrayList<>();
    d.add(
        Directive.range(
            "repl-backlog-size",
            Long.toString(MB),
            LogUniform.between(16 * KB, 64 * MB).map(Object::toString),
            Long.toString(16 * KB),
            Long.toString(64 * MB)));
    d.add(
        Directive.range(
            "client-output-buffer-limit",
            "replica 268435456 67108864 60",
            replicaOutputLimit(),
            "replica 0 0 0",
            "replica 65536 0 0",
            "replica 268435456 268435456 60"));
    d.add(Directive.yesNo("repl-diskless-sync", "yes", 1, 1));
    d.add(
        Directive.choice(
            "repl-diskless-load", "disabled", 1, 1, "disabled", "on-empty-db", "swapdb"));
    // Mostly 0 (a sync starts at once); now and then a delay that lets replicas pile up.
    d.add(
        Directive.range(
            "repl-diskless-sync-delay",
            "5",
            mostlyZero(4, Gen.chooseInt(1, 5).map(Object::toString)),
            "0",
            "5"));
    // Short timeouts cut a link in the middle of a long snapshot; kept above the ping period.
    d.add(
        Directive.range(
            "repl-timeout",
            "60",
            Gen.frequency(
                List.of(
                    Map.entry(1, Gen.chooseInt(2, 10).map(Object::toString)),
                    Map.entry(1, Gen.chooseInt(11, 60).map(Object::toString)))),
            "2",
            "60"));
    d.add(
        Directive.range(
            "repl-ping-replica-period",
            "10",
            Gen.chooseInt(1, 10).map(Object::toString),
            "1",
            "10"));
    // At most 1: every topology has one replica on the master; more would refuse every write.
    d.add(Directive.choice("min-replicas-to-write", "0", 2, 1, "0", "1").onMasterOnly());
    d.add(
        Directive.range(
                "min-replicas-max-lag", "10", Gen.chooseInt(1, 30).map(Object::toString), "1", "30")
            .onMasterOnly());
    // A pause after each key a snapshot writes (redis's own replication tests slow snapshots so):
    // full syncs then last long enough for writes, cuts and other replicas to land inside them.
    // Mostly 0; capped per schedule so that a snapshot lasts at most 2 s (RunnerExecutor).
    d.add(
        Directive.range(
            "rdb-key-save-delay",
            "0",
            mostlyZero(3, LogUniform.between(10, 10_000).map(Object::toString)),
            "0",
            "10000"));
    d.add(Directive.yesNo("appendonly", "no", 1, 1));
    d.add(
        Directive.choice(
            "save", "3600 1 300 100 60 10000", 1, 1, "", "1 1", "60 1", "3600 1 300 100 60 10000"));
    d.add(Directive.yesNo("rdbcompression", "yes", 1, 1));
    d.add(Directive.yesNo("replica-serve-stale-data", "yes", 1, 1));
    d.add(Directive.yesNo("repl-disable-tcp-nodelay", "no", 1, 1));
    for (String lazy :
        List.of(
            "lazyfree-lazy-eviction",
            "lazyfree-lazy-expire",
            "lazyfree-lazy-server-del",
            "lazyfree-lazy-user-del",
            "lazyfree-lazy-user-flush",
            "replica-lazy-flush")) {
      d.add(Directive.yesNo(lazy, "no", 3, 1));
    }
    return new ConfigSpace(d);
  }

  /** "0" {@code zeros} times in {@code zeros + 1}, else a value of {@code other}. */
  private static Gen<String> mostlyZero(int zeros, Gen<String> other) {
    return Gen.frequency(List.of(Map.entry(zeros, Gen.constant("0")), Map.entry(1, other)));
  }

  /**
   * {@code replica <hard> <soft> <seconds>}: unlimited now and then, else a hard limit from 64 KB
   * to 256 MB with no soft limit, or a soft limit of a quarter or half of it for 1..60 s.
   */
  private static Gen<String> replicaOutputLimit() {
    Gen<String> limited =
        LogUniform.between(64 * KB, 256 * MB)
            .flatMap(
                hard ->
                    Gen.frequency(
                        List.of(
                            Map.entry(1, Gen.constant("replica " + hard + " 0 0")),
                            Map.entry(
                                2,
                                Gen.elements(hard / 4, hard / 2)
                                    .flatMap(
                                        soft ->
                                            Gen.chooseInt(1, 60)
                                                .map(
                                                    secs ->
                                                        "replica "
                                                            + hard
                                                            + " "
                                                            + soft
                                                            + " "
                                                            + secs))))));
    return Gen.frequency(
        List.of(Map.entry(1, Gen.constant("replica 0 0 0")), Map.entry(3, limited)));
  }

  /**
   * The directives {@code server} reported, with its values as their defaults, keeping only the
   * choices it accepted; a range directive one of whose extremes it refused is left out.
   */
  public ConfigSpace forServer(ProbedConfig server) {
    List<Directive> kept = new ArrayList<>();
    for (Directive d : directives) {
      String current = server.current(d.name());
      if (current == null) {
        continue;
      }
      Directive n = d.withDefault(current);
      if (d.choices().isEmpty()) {
        if (d.probeValues().stream().anyMatch(v -> server.refused(d.name(), v))) {
          continue;
        }
      } else {
        n = n.withChoices(d.choices().stream().filter(v -> !server.refused(d.name(), v)).toList());
      }
      kept.add(n);
    }
    return new ConfigSpace(kept);
  }

  /**
   * The directives this space and {@code other} both draw, each with the choices both accept: what
   * every server of a matrix runs, so that a column differs from another by its server alone. A
   * range is kept when both kept it (each accepted both of its ends); defaults stay this space's.
   */
  public ConfigSpace within(ConfigSpace other) {
    Map<String, Directive> theirs = new LinkedHashMap<>();
    for (Directive d : other.directives) theirs.put(d.name(), d);
    List<Directive> kept = new ArrayList<>();
    for (Directive d : directives) {
      Directive o = theirs.get(d.name());
      if (o == null) continue;
      kept.add(
          d.choices().isEmpty()
              ? d
              : d.withChoices(d.choices().stream().filter(o.choices()::contains).toList()));
    }
    return new ConfigSpace(kept);
  }

  public List<Directive> directives() {
    return directives;
  }

  /** Directive -> default (redis 7.0's, or the probed server's after {@link #forServer}). */
  public Map<String, String> defaults() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Directive d : directives) {
      m.put(d.name(), d.redisDefault());
    }
    return m;
  }

  /**
   * Draws a configuration: each directive at its default (left out of the config) or at a drawn
   * value. Shrinking puts directives back at their defaults first (the default is the first
   * alternative), then moves drawn values toward the low end of their range.
   */
  public Gen<NodeConfig> gen() {
    List<Directive> drawable = new ArrayList<>();
    List<Gen<Optional<String>>> gens = new ArrayList<>();
    for (Directive d : directives) {
      Gen<String> other;
      if (d.choices().isEmpty()) {
        other = d.drawn();
      } else {
        List<String> others =
            d.choices().stream().filter(v -> !v.equals(d.redisDefault())).toList();
        if (others.isEmpty()) {
          continue;
        }
        other = Gen.elements(others.toArray(String[]::new));
      }
      drawable.add(d);
      gens.add(
          Gen.frequency(
              List.of(
                  Map.entry(d.weightDefault(), Gen.constant(Optional.<String>empty())),
                  Map.entry(d.weightDrawn(), other.map(Optional::of)))));
    }
    return Gen.sequence(gens)
        .map(
            values -> {
              Map<String, String> all = new LinkedHashMap<>();
              Map<String, String> master = new LinkedHashMap<>();
              for (int i = 0; i < values.size(); i++) {
                Directive d = drawable.get(i);
                values.get(i).ifPresent(v -> (d.masterOnly() ? master : all).put(d.name(), v));
              }
              return new NodeConfig(all, master);
            })
        .filter(NodeConfig::admissible, 100);
  }
}
