package io.replicheck.checker;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.History;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.model.Models;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Large linearizable histories for benchmarks, as a Jepsen run of any registered model would record
 * them: {@code clients} processes, each with at most one op in flight, calling a simulated store
 * whose effect happens atomically at a moment strictly between the op's invoke and its completion.
 * A share of ops ends in info (a timeout): half of those took effect, half never did, and the
 * client comes back as a new process, as Jepsen does. Linearizable by construction.
 *
 * <p>Written independently of the models (the store's semantics are spelled out here), so a bench
 * that finds a history invalid has found a bug. The test suite's simulator (ConcurrentSim) shrinks
 * small histories; this one makes a million ops in a few seconds.
 */
public final class SyntheticHistory {

  /**
   * What to generate.
   *
   * @param model a registered model's name ({@link Models#NAMES})
   * @param ops client ops in all
   * @param keys independent keys (multi-register: the registers its transactions touch)
   * @param clients concurrent client processes
   * @param infoRate the share of ops that end in info
   * @param seed the random seed; equal specs give equal histories
   */
  public record Spec(String model, int ops, int keys, int clients, double infoRate, long seed) {
    public Spec {
      Models.kind(model); // a bad name fails here
      if (ops < 1 || keys < 1 || clients < 1 || infoRate < 0 || infoRate > 1) {
        throw new IllegalArgumentException("bad synthetic history spec: " + this);
      }
    }
  }

  private SyntheticHistory() {}

  /** One client call and what the store made of it. */
  private static final class Call {
    final long process;
    final int slot;
    final String f;
    final Object key;
    final Object input;
    boolean applied;
    boolean ok;
    Object okValue;
    final boolean info;
    final boolean infoApplies;

    Call(
        long process,
        int slot,
        String f,
        Object key,
        Object input,
        boolean info,
        boolean infoApplies) {
      this.process = process;
      this.slot = slot;
      this.f = f;
      this.key = key;
      this.input = input;
      this.info = info;
      this.infoApplies = infoApplies;
    }
  }

  /** Generates the history; throws IllegalArgumentException for a bad spec. */
  public static History generate(Spec spec) {
    SplittableRandom r = new SplittableRandom(spec.seed());
    Store store = store(spec.model(), spec.keys());
    Map<Object, Object> state = new HashMap<>();
    int clients = spec.clients();
    long[] process = new long[clients];
    for (int c = 0; c < clients; c++) {
      process[c] = c;
    }
    Call[] inFlight = new Call[clients];
    List<Event> events = new ArrayList<>(2 * spec.ops() + 2 * clients);
    int invoked = 0;
    int open = 0;
    long time = 0;
    while (invoked < spec.ops() || open > 0) {
      time += 1 + r.nextInt(1000);
      int c = r.nextInt(clients);
      Call call = inFlight[c];
      if (call == null) {
        if (invoked == spec.ops()) continue;
        int key = r.nextInt(spec.keys());
        boolean info = r.nextDouble() < spec.infoRate();
        call = store.call(r, key, invoked, process[c], c, info, info && r.nextBoolean());
        invoked++;
        open++;
        inFlight[c] = call;
        events.add(event(events.size(), call, EventType.INVOKE, call.input, time, null));
      } else if (!call.applied && (!call.info || call.infoApplies)) {
        Object cur = state.containsKey(call.key) ? state.get(call.key) : store.init(call.key);
        Object next = store.apply(cur, call);
        if (call.ok) state.put(call.key, next);
        call.applied = true;
      } else {
        EventType type = call.info ? EventType.INFO : call.ok ? EventType.OK : EventType.FAIL;
        Object value = type == EventType.OK ? call.okValue : call.input;
        events.add(event(events.size(), call, type, value, time, call.info ? "timeout" : null));
        if (call.info) process[c] += clients; // Jepsen: a crashed client is a new process
        inFlight[c] = null;
        open--;
      }
    }
    try {
      return History.of("synthetic " + spec, events);
    } catch (HistoryFormatException e) {
      throw new IllegalStateException("the generator broke Jepsen's rules: " + e.getMessage(), e);
    }
  }

  private static Event event(
      long index, Call c, EventType type, Object value, long time, Object error) {
    return new Event(index, c.process, type, c.f, c.key, value, time, null, error, 0);
  }

  /** A store of one model's objects: what a call is, and its effect on one object's state. */
  private interface Store {
    Call call(
        SplittableRandom r,
        int key,
        int unique,
        long process,
        int slot,
        boolean info,
        boolean infoApplies);

    Object init(Object key);

    /** The state after {@code c}; sets c.ok and c.okValue (a failed call leaves the state). */
    Object apply(Object state, Call c);
  }

  private static Store store(String model, int keys) {
    return switch (Models.kind(model).name()) {
      case "register" -> new RegisterStore(false);
      case "cas-register" -> new RegisterStore(true);
      case "multi-register" -> new MultiRegisterStore(keys);
      case "key-value" -> new KeyValueStore();
      case "counter" -> new CounterStore();
      case "list-append" -> new GrowingStore("append", "l");
      case "set" -> new GrowingStore("add", "s");
      case "mutex" -> new MutexStore();
      default -> throw new IllegalArgumentException("no synthetic histories for model " + model);
    };
  }

  /**
   * Reads, writes and compare-and-sets of small integers; Porcupine's etcd register (starts nil) or
   * Knossos's cas-register (starts at 0).
   */
  private record RegisterStore(boolean knossos) implements Store {
    @Override
    public Call call(
        SplittableRandom r, int key, int u, long p, int slot, boolean info, boolean applies) {
      Object k = "k" + key;
      int choice = r.nextInt(100);
      String f = choice < 50 ? "read" : choice < 85 ? "write" : "cas";
      Object input =
          switch (f) {
            case "read" -> null;
            case "write" -> (long) r.nextInt(10);
            default -> List.of((long) r.nextInt(10), (long) r.nextInt(10));
          };
      return new Call(p, slot, f, k, input, info, applies);
    }

    @Override
    public Object init(Object key) {
      return knossos ? 0L : null;
    }

    @Override
    public Object apply(Object state, Call c) {
      c.ok = true;
      switch (c.f) {
        case "read" -> c.okValue = state;
        case "write" -> {
          c.okValue = c.input;
          return c.input;
        }
        default -> {
          List<?> a = (List<?>) c.input;
          c.ok = Objects.equals(a.get(0), state);
          c.okValue = a;
          return c.ok ? a.get(1) : state;
        }
      }
      return state;
    }
  }

  /** Knossos's multi-register: txns of one or two micro-ops over registers r0.., all from 0. */
  private record MultiRegisterStore(int registers) implements Store {
    @Override
    public Call call(
        SplittableRandom r, int key, int u, long p, int slot, boolean info, boolean applies) {
      List<Object> mops = new ArrayList<>();
      mops.add(mop(r.nextBoolean() ? "read" : "write", "r" + key, r.nextInt(10)));
      if (r.nextBoolean()) {
        int other = r.nextInt(registers);
        if (other != key) {
          mops.add(mop(r.nextBoolean() ? "read" : "write", "r" + other, r.nextInt(10)));
        }
      }
      return new Call(p, slot, "txn", null, Collections.unmodifiableList(mops), info, applies);
    }

    private static List<Object> mop(String f, String reg, long v) {
      List<Object> m = new ArrayList<>(3);
      m.add(f);
      m.add(reg);
      m.add(f.equals("read") ? null : v);
      return Collections.unmodifiableList(m);
    }

    @Override
    public Object init(Object key) {
      return Map.of();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object apply(Object state, Call c) {
      Map<Object, Object> s = new HashMap<>((Map<Object, Object>) state);
      List<Object> done = new ArrayList<>();
      for (Object o : (List<?>) c.input) {
        List<?> m = (List<?>) o;
        if (m.get(0).equals("read")) {
          List<Object> read = new ArrayList<>(3);
          read.add("read");
          read.add(m.get(1));
          read.add(s.getOrDefault(m.get(1), 0L));
          done.add(Collections.unmodifiableList(read));
        } else {
          s.put(m.get(1), m.get(2));
          done.add(m);
        }
      }
      c.ok = true;
      c.okValue = Collections.unmodifiableList(done);
      return Collections.unmodifiableMap(s);
    }
  }

  /** Porcupine's kv: get, put and append of unique strings per key, every key starts empty. */
  private static final class KeyValueStore implements Store {
    @Override
    public Call call(
        SplittableRandom r, int key, int u, long p, int slot, boolean info, boolean applies) {
      int choice = r.nextInt(100);
      String f = choice < 50 ? "get" : choice < 60 ? "put" : "append";
      return new Call(
          p, slot, f, String.valueOf(key), f.equals("get") ? null : "x" + u + "y", info, applies);
    }

    @Override
    public Object init(Object key) {
      return "";
    }

    @Override
    public Object apply(Object state, Call c) {
      c.ok = true;
      c.okValue = c.f.equals("get") ? state : c.input;
      return switch (c.f) {
        case "get" -> state;
        case "put" -> c.input;
        default -> state + (String) c.input;
      };
    }
  }

  /** Reads and increments by 1 to 3. */
  private static final class CounterStore implements Store {
    @Override
    public Call call(
        SplittableRandom r, int key, int u, long p, int slot, boolean info, boolean applies) {
      boolean read = r.nextInt(100) < 50;
      return new Call(
          p,
          slot,
          read ? "read" : "add",
          "c" + key,
          read ? null : (Object) (long) (1 + r.nextInt(3)),
          info,
          applies);
    }

    @Override
    public Object init(Object key) {
      return 0L;
    }

    @Override
    public Object apply(Object state, Call c) {
      c.ok = true;
      if (c.f.equals("read")) {
        c.okValue = state;
        return state;
      }
      c.okValue = c.input;
      return (Long) state + (Long) c.input;
    }
  }

  /** Append-only lists (list-append) or sets (set): reads return every element added so far. */
  private record GrowingStore(String add, String prefix) implements Store {
    @Override
    public Call call(
        SplittableRandom r, int key, int u, long p, int slot, boolean info, boolean applies) {
      boolean read = r.nextInt(100) < 50;
      return new Call(
          p,
          slot,
          read ? "read" : add,
          prefix + key,
          read ? null : (Object) (long) u,
          info,
          applies);
    }

    @Override
    public Object init(Object key) {
      return List.of();
    }

    @Override
    public Object apply(Object state, Call c) {
      c.ok = true;
      if (c.f.equals("read")) {
        c.okValue = state;
        return state;
      }
      List<Object> next = new ArrayList<>((List<?>) state);
      next.add(c.input);
      c.okValue = c.input;
      return Collections.unmodifiableList(next);
    }
  }

  /**
   * A lock per key that knows its owner: acquire fails while held, release by a non-owner fails.
   */
  private static final class MutexStore implements Store {
    @Override
    public Call call(
        SplittableRandom r, int key, int u, long p, int slot, boolean info, boolean applies) {
      return new Call(
          p, slot, r.nextBoolean() ? "acquire" : "release", "m" + key, null, info, applies);
    }

    @Override
    public Object init(Object key) {
      return -1L;
    }

    @Override
    public Object apply(Object state, Call c) {
      long owner = (Long) state;
      boolean acquire = c.f.equals("acquire");
      c.ok = acquire ? owner < 0 : owner == c.slot;
      c.okValue = null;
      if (!c.ok) return state;
      return acquire ? (Object) (long) c.slot : (Object) (-1L);
    }
  }
}
