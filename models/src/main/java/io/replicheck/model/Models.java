package io.replicheck.model;

import io.replicheck.history.HistoryFormat;
import io.replicheck.history.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The models by command-line name, and a default for a history when none is given. */
public final class Models {

  /** What a model promises about its values, which decides the checks that apply to it. */
  public enum Capability {
    /** A key's value only grows: a later read never sees less (lists, counters). */
    GROWS,
    /** A key's earlier values are prefixes of its later ones (append-only lists). */
    PREFIXES
  }

  /**
   * One model.
   *
   * @param name the command-line name
   * @param description what it models, one line
   * @param capabilities what its values promise
   * @param make a new instance
   */
  public record Kind(
      String name, String description, Set<Capability> capabilities, Supplier<Model> make) {}

  /** The registry: every model, in the order the CLI lists them. */
  private static final List<Kind> ALL =
      List.of(
          new Kind(
              "register",
              "starts nil, exact reads, failed cas observed",
              Set.of(),
              CasRegister::strict),
          new Kind(
              "cas-register",
              "Knossos's: starts at 0, nil reads match anything",
              Set.of(),
              () -> CasRegister.knossos(0L)),
          new Kind(
              "multi-register",
              "registers starting at 0, read and written in txns",
              Set.of(),
              () -> new MultiRegister(Map.of(), 0L)),
          new Kind("key-value", "a map of registers (alias kv)", Set.of(), KeyValue::new),
          new Kind("counter", "increments and reads", Set.of(Capability.GROWS), Counter::new),
          new Kind(
              "list-append",
              "append-only lists, Elle-style",
              Set.of(Capability.GROWS, Capability.PREFIXES),
              ListAppend::new),
          new Kind("set", "adds and reads of a set", Set.of(), SetModel::new),
          new Kind("mutex", "acquire and release", Set.of(), Mutex::new));

  /** Every name {@link #byName} accepts, in the order the CLI lists them. */
  public static final List<String> NAMES = ALL.stream().map(Kind::name).toList();

  private Models() {}

  public static List<Kind> all() {
    return ALL;
  }

  /** The registered model called {@code name} ({@code kv} is {@code key-value}). */
  public static Kind kind(String name) {
    String n = name.equals("kv") ? "key-value" : name;
    for (Kind k : ALL) {
      if (k.name().equals(n)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown model '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
  }

  /** The model called {@code name}; see {@link #all()}. */
  public static Model byName(String name) {
    return kind(name).make().get();
  }

  /**
   * A default model for a history: from the functions it uses (txn, acquire/release, get/put,
   * append, add, incr), else from the format: Porcupine etcd logs {@code register}, everything else
   * Knossos's {@code cas-register}.
   */
  public static Model guess(List<Op> ops, HistoryFormat format) {
    Set<String> fs = new HashSet<>();
    for (Op op : ops) {
      fs.add(op.f());
    }
    return guess(fs, format);
  }

  /** {@link #guess(List, HistoryFormat)} from the functions the ops call. */
  public static Model guess(Set<String> fs, HistoryFormat format) {
    if (fs.contains("txn")) {
      return byName("multi-register");
    }
    if (fs.contains("acquire") || fs.contains("release")) {
      return byName("mutex");
    }
    if (fs.contains("get") || fs.contains("put") || format == HistoryFormat.PORCUPINE_KV) {
      return byName("key-value");
    }
    if (fs.contains("append")) {
      return byName("list-append");
    }
    if (fs.contains("incr")) {
      return byName("counter");
    }
    if (fs.contains("add")) {
      return byName("set");
    }
    return byName(format == HistoryFormat.PORCUPINE_ETCD ? "register" : "cas-register");
  }
}
