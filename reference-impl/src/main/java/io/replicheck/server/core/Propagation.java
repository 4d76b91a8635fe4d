package io.replicheck.server.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Propagation of applied writes (redis's alsoPropagate and propagatePendingCommands): what one
 * top-level command or EXEC applied is collected, then emitted to the {@link Propagator}s as one
 * command alone or several wrapped in MULTI/EXEC. The master client's commands are not propagated
 * from here (a replica's own replicas get its master's stream as it is).
 */
public final class Propagation {
  private static final byte[][] MULTI = {"MULTI".getBytes(StandardCharsets.US_ASCII)};
  private static final byte[][] EXEC = {"EXEC".getBytes(StandardCharsets.US_ASCII)};

  /** One write to propagate: its db and arguments; fromMaster: applied from the master link. */
  private record Pending(int db, byte[][] argv, boolean fromMaster) {}

  private final ServerCore core;
  private final List<Propagator> propagators = new ArrayList<>();
  private final List<Propagator> streamPropagators = new ArrayList<>();
  private final List<Pending> pending = new ArrayList<>();
  private java.util.function.BooleanSupplier scriptsVerbatim = () -> false;

  Propagation(ServerCore core) {
    this.core = core;
  }

  public void addPropagator(Propagator p) {
    propagators.add(p);
  }

  /**
   * A propagator that also gets what the master link applied (on a replica), as redis feeds the
   * AOF: replication leaves that out (a replica forwards its master's stream as it is).
   */
  public void addStreamPropagator(Propagator p) {
    streamPropagators.add(p);
  }

  /**
   * The injected bug script-propagated-verbatim (replication sets it): when it answers true, a
   * script is propagated as the command that ran it instead of its effects.
   */
  public void setScriptsVerbatim(java.util.function.BooleanSupplier on) {
    this.scriptsVerbatim = on;
  }

  public boolean scriptsVerbatim() {
    return scriptsVerbatim.getAsBoolean();
  }

  private java.util.function.Predicate<String> injected = name -> false;

  /** The injected-bug switch (replication sets it): whether the bug called name is on. */
  public void setInjected(java.util.function.Predicate<String> on) {
    this.injected = on;
  }

  /** Whether the injected bug called {@code name} is on; command handlers ask where it bites. */
  public boolean injected(String name) {
    return injected.test(name);
  }

  /** Propagates argv (in db) with the current command, unless that came from the master. */
  public void alsoPropagate(int db, byte[][] argv) {
    Client current = core.currentClient();
    if (current != null && current.kind == ClientKind.MASTER) {
      return;
    }
    add(db, argv);
  }

  void add(int db, byte[][] argv) {
    pending.add(new Pending(db, argv, false));
  }

  void addFromMaster(int db, byte[][] argv) {
    if (!streamPropagators.isEmpty()) {
      pending.add(new Pending(db, argv, true));
    }
  }

  void addDel(int db, byte[] key) {
    add(db, new byte[][] {"DEL".getBytes(StandardCharsets.US_ASCII), key});
  }

  /** Emits what the last top-level call applied: one command alone, several inside MULTI/EXEC. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    if (pending.size() == 1) {
      // The common case (one write, no MULTI/EXEC around it) without copying the list.
      Pending op = pending.get(0);
      pending.clear();
      emit(streamPropagators, op.db(), op.argv());
      if (!op.fromMaster()) {
        emit(propagators, op.db(), op.argv());
      }
      return;
    }
    List<Pending> ops = new ArrayList<>(pending);
    pending.clear();
    emitAll(streamPropagators, ops);
    if (!propagators.isEmpty()) {
      ops.removeIf(Pending::fromMaster);
      emitAll(propagators, ops);
    }
  }

  private static void emitAll(List<Propagator> to, List<Pending> ops) {
    if (to.isEmpty() || ops.isEmpty()) {
      return;
    }
    if (ops.size() > 1) {
      emit(to, ops.get(0).db(), MULTI);
    }
    for (Pending op : ops) {
      emit(to, op.db(), op.argv());
    }
    if (ops.size() > 1) {
      // As propagatePendingCommands: MULTI takes the first command's db, EXEC the last one's.
      emit(to, ops.get(ops.size() - 1).db(), EXEC);
    }
  }

  private static void emit(List<Propagator> to, int db, byte[][] argv) {
    for (Propagator p : to) {
      p.propagate(db, argv);
    }
  }
}
