package io.replicheck.checker;

import io.replicheck.history.Op;
import io.replicheck.model.Model;
import io.replicheck.model.Models;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A reference object for the simulator, written independently of the models: what a call does to
 * the real state and what the client gets back. Also knows how to make a result no order explains.
 */
abstract class SimWorkload {

  /** A client call: function, key (null for single-object workloads) and the value sent. */
  record Call(String f, Object key, Object input) {}

  /**
   * The effect of a call: the next state, the value the ok completion carries, or failure (no
   * effect).
   */
  record Effect(Object state, Object okValue, boolean ok) {
    static Effect fail(Object state) {
      return new Effect(state, null, false);
    }
  }

  final String modelName;
  final int clients;

  SimWorkload(String modelName, int clients) {
    this.modelName = modelName;
    this.clients = clients;
  }

  Model model() {
    return Models.byName(modelName);
  }

  abstract Call call(int choice, int key, int arg, int unique);

  abstract Object init();

  /** The effect of {@code c} by client slot {@code client} on the state of its key. */
  abstract Effect apply(Object state, Call c, int client);

  /** A completion value for this ok op that no state could produce, or null when it has none. */
  Object impossible(Op op) {
    return null;
  }

  @Override
  public String toString() {
    return modelName;
  }

  static List<SimWorkload> all() {
    return List.of(
        new Register(),
        new KnossosCasRegister(),
        new MultiReg(),
        new KeyValueSim(),
        new CounterSim(),
        new ListAppendSim(),
        new SetSim(),
        new MutexSim());
  }

  /** Porcupine's etcd register: keys, nil start, failed cas observed. */
  static final class Register extends SimWorkload {
    Register() {
      super("register", 4);
    }

    @Override
    Call call(int choice, int key, int arg, int unique) {
      Object k = "k" + key;
      if (choice < 40) {
        return new Call("read", k, null);
      }
      if (choice < 75) {
        return new Call("write", k, (long) arg);
      }
      return new Call("cas", k, List.of((long) (arg % 3), (long) ((arg + 1) % 5)));
    }

    @Override
    Object init() {
      return null;
    }

    @Override
    Effect apply(Object state, Call c, int client) {
      switch (c.f()) {
        case "read":
          return new Effect(state, state, true);
        case "write":
          return new Effect(c.input(), c.input(), true);
        default:
          List<?> a = (List<?>) c.input();
          return Objects.equals(a.get(0), state)
              ? new Effect(a.get(1), a, true)
              : Effect.fail(state);
      }
    }

    @Override
    Object impossible(Op op) {
      return op.f().equals("read") ? (Object) 1000L : null;
    }
  }

  /** Knossos's cas-register: no keys, starts at 0. */
  static final class KnossosCasRegister extends SimWorkload {
    private final Register r = new Register();

    KnossosCasRegister() {
      super("cas-register", 4);
    }

    @Override
    Call call(int choice, int key, int arg, int unique) {
      Call c = r.call(choice, key, arg, unique);
      return new Call(c.f(), null, c.input());
    }

    @Override
    Object init() {
      return 0L;
    }

    @Override
    Effect apply(Object state, Call c, int client) {
      return r.apply(state, c, client);
    }

    @Override
    Object impossible(Op op) {
      return r.impossible(op);
    }
  }

  /** Knossos's multi-register: txns over x and y, all registers start at 0. */
  static final class MultiReg extends SimWorkload {
    MultiReg() {
      super("multi-register", 3);
    }

    @Override
    Call call(int choice, int key, int arg, int unique) {
      List<Object> mops = new ArrayList<>();
      String[] ks = {"x", "y"};
      mops.add(
          choice % 2 == 0
              ? Arrays3.of("read", ks[key], null)
              : Arrays3.of("write", ks[key], (long) arg));
      if (choice >= 50) {
        mops.add(
            choice % 3 == 0
                ? Arrays3.of("write", ks[1 - key], (long) (arg + 1))
                : Arrays3.of("read", ks[1 - key], null));
      }
      return new Call("txn", null, Collections.unmodifiableList(mops));
    }

    @Override
    Object init() {
      return Map.of();
    }

    @Override
    @SuppressWarnings("unchecked")
    Effect apply(Object state, Call c, int client) {
      Map<Object, Object> s = new HashMap<>((Map<Object, Object>) state);
      List<Object> done = new ArrayList<>();
      for (Object o : (List<?>) c.input()) {
        List<?> m = (List<?>) o;
        if (m.get(0).equals("read")) {
          done.add(Arrays3.of("read", m.get(1), s.getOrDefault(m.get(1), 0L)));
        } else {
          s.put(m.get(1), m.get(2));
          done.add(m);
        }
      }
      return new Effect(Collections.unmodifiableMap(s), Collections.unmodifiableList(done), true);
    }

    @Override
    Object impossible(Op op) {
      List<Object> mops = new ArrayList<>((List<?>) op.output());
      for (int i = 0; i < mops.size(); i++) {
        List<?> m = (List<?>) mops.get(i);
        if (m.get(0).equals("read")) {
          mops.set(i, Arrays3.of("read", m.get(1), 1000L));
          return Collections.unmodifiableList(mops);
        }
      }
      return null;
    }
  }

  /** Porcupine's kv: get/put/append on strings per key. */
  static final class KeyValueSim extends SimWorkload {
    KeyValueSim() {
      super("key-value", 4);
    }

    @Override
    Call call(int choice, int key, int arg, int unique) {
      String k = String.valueOf(key);
      if (choice < 40) {
        return new Call("get", k, null);
      }
      if (choice < 60) {
        return new Call("put", k, "x" + unique + "y");
      }
      return new Call("append", k, "x" + unique + "y");
    }

    @Override
    Object init() {
      return "";
    }

    @Override
    Effect apply(Object state, Call c, int client) {
      switch (c.f()) {
        case "get":
          return new Effect(state, state, true);
        case "put":
          return new Effect(c.input(), c.input(), true);
        default:
          return new Effect(state + (String) c.input(), c.input(), true);
      }
    }

    @Override
    Object impossible(Op op) {
      return op.f().equals("get") ? "never-written" : null;
    }
  }

  static final class CounterSim extends SimWorkload {
    CounterSim() {
      super("counter", 3);
    }

    @Override
    Call call(int choice, int key, int arg, int unique) {
      return choice < 45
          ? new Call("read", null, null)
          : new Call("add", null, (long) (arg % 3 + 1));
    }

    @Override
    Object init() {
      return 0L;
    }

    @Override
    Effect apply(Object state, Call c, int client) {
      return c.f().equals("read")
          ? new Effect(state, state, true)
          : new Effect((Long) state + (Long) c.input(), c.input(), true);
    }

    @Override
    Object impossible(Op op) {
      return op.f().equals("read") ? (Object) (-1L) : null;
    }
  }

  static final class ListAppendSim extends SimWorkload {
    ListAppendSim() {
      super("list-append", 4);
    }

    @Override
    Call call(int choice, int key, int arg, int unique) {
      String k = "l" + key;
      return choice < 40 ? new Call("read", k, null) : new Call("append", k, (long) unique);
    }

    @Override
    Object init() {
      return List.of();
    }

    @Override
    Effect apply(Object state, Call c, int client) {
      if (c.f().equals("read")) {
        return new Effect(state, state, true);
      }
      List<Object> next = new ArrayList<>((List<?>) state);
      next.add(c.input());
      return new Effect(Collections.unmodifiableList(next), c.input(), true);
    }

    @Override
    Object impossible(Op op) {
      if (!op.f().equals("read")) {
        return null;
      }
      List<Object> l = new ArrayList<>((List<?>) op.output());
      l.add(-1L);
      return Collections.unmodifiableList(l);
    }
  }

  static final class SetSim extends SimWorkload {
    SetSim() {
      super("set", 3);
    }

    @Override
    Call call(int choice, int key, int arg, int unique) {
      return choice < 40 ? new Call("read", null, null) : new Call("add", null, (long) unique);
    }

    @Override
    Object init() {
      return List.of();
    }

    @Override
    Effect apply(Object state, Call c, int client) {
      if (c.f().equals("read")) {
        // reads come back in descending order: the model must not care about order
        List<Object> out =
            new ArrayList<>(new TreeSet<>((List<Long>) (List<?>) state).descendingSet());
        return new Effect(state, Collections.unmodifiableList(out), true);
      }
      List<Object> next = new ArrayList<>((List<?>) state);
      next.add(c.input());
      return new Effect(Collections.unmodifiableList(next), c.input(), true);
    }

    @Override
    Object impossible(Op op) {
      if (!op.f().equals("read")) {
        return null;
      }
      List<Object> l = new ArrayList<>((List<?>) op.output());
      l.add(-1L);
      return Collections.unmodifiableList(l);
    }
  }

  /** A lock that knows its owner (a real lock), checked against Knossos's owner-blind mutex. */
  static final class MutexSim extends SimWorkload {
    MutexSim() {
      super("mutex", 2);
    }

    @Override
    Call call(int choice, int key, int arg, int unique) {
      return new Call(choice < 50 ? "acquire" : "release", null, null);
    }

    @Override
    Object init() {
      return -1L;
    }

    @Override
    Effect apply(Object state, Call c, int client) {
      long owner = (Long) state;
      if (c.f().equals("acquire")) {
        return owner < 0 ? new Effect((long) client, null, true) : Effect.fail(state);
      }
      return owner == client ? new Effect(-1L, null, true) : Effect.fail(state);
    }
  }

  /** A three-element list without the null-hostile List.of. */
  static final class Arrays3 {
    static List<Object> of(Object a, Object b, Object c) {
      List<Object> l = new ArrayList<>(3);
      l.add(a);
      l.add(b);
      l.add(c);
      return Collections.unmodifiableList(l);
    }
  }
}
