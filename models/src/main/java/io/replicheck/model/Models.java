package io.replicheck.model;

import io.replicheck.history.HistoryFormat;
import io.replicheck.history.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The models by command-line name, and a default for a history when none is given. */
public final class Models {

  /** Every name {@link #byName} accepts, in the order the CLI lists them. */
  public static final List<String> NAMES = List.of("register", "cas-register", "multi-register",
      "key-value", "counter", "list-append", "set", "mutex");

  private Models() {}

  /**
   * The model called {@code name}: {@code register} (starts nil, exact reads, failed cas observed),
   * {@code cas-register} (Knossos: starts at 0, nil reads match anything), {@code multi-register}
   * (registers start at 0), {@code key-value} (or {@code kv}), {@code counter}, {@code list-append},
   * {@code set}, {@code mutex}.
   */
  public static Model byName(String name) {
    switch (name) {
      case "register": return CasRegister.strict();
      case "cas-register": return CasRegister.knossos(0L);
      case "multi-register": return new MultiRegister(Map.of(), 0L);
      case "key-value":
      case "kv": return new KeyValue();
      case "counter": return new Counter();
      case "list-append": return new ListAppend();
      case "set": return new SetModel();
      case "mutex": return new Mutex();
      default:
        throw new IllegalArgumentException("unknown model '" + name + "' (expected one of "
            + String.join(", ", NAMES) + ")");
    }
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
