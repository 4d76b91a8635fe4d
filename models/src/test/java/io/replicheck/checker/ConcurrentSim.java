package io.replicheck.checker;

import io.replicheck.gen.Gen;
import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.History;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.history.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Real concurrent executions, simulated: clients call a {@link SimWorkload} whose effect happens
 * atomically at a point strictly inside each call's interval; calls of one client never overlap;
 * some fail before taking effect, some end in info (taking effect or not), some never complete.
 * Histories made this way are linearizable by construction.
 *
 * <p>A plan is a list of steps, each eight small numbers: client, choice of call, key, argument,
 * gap before the invoke, delay to the effect, delay to the completion, outcome. Any sub-list is
 * again a plan, which is what lets the shrinker cut a failing history down.
 */
final class ConcurrentSim {

  private ConcurrentSim() {}

  static Gen<List<Long>> step() {
    return Gen.sequence(
        List.of(
            Gen.choose(0, 3),
            Gen.choose(0, 99),
            Gen.choose(0, 1),
            Gen.choose(0, 4),
            Gen.choose(0, 4),
            Gen.choose(0, 4),
            Gen.choose(0, 4),
            Gen.choose(0, 99)));
  }

  static Gen<List<List<Long>>> plan(int maxSteps) {
    return Gen.listOf(step(), 0, maxSteps);
  }

  private enum Outcome {
    OK,
    FAIL,
    INFO_APPLIED,
    INFO_NOT_APPLIED,
    MISSING
  }

  private static Outcome outcome(long n) {
    if (n < 6) {
      return Outcome.FAIL;
    }
    if (n < 11) {
      return Outcome.INFO_APPLIED;
    }
    if (n < 15) {
      return Outcome.INFO_NOT_APPLIED;
    }
    if (n < 17) {
      return Outcome.MISSING;
    }
    return Outcome.OK;
  }

  private record Point(long time, int seq, int kind, int op) {}

  /** Runs the plan and returns the history it records. */
  static History simulate(SimWorkload w, List<List<Long>> plan) {
    int clients = w.clients;
    long[] clock = new long[clients];
    long[] process = new long[clients];
    for (int c = 0; c < clients; c++) {
      process[c] = c;
    }
    List<Point> points = new ArrayList<>();
    List<SimWorkload.Call> calls = new ArrayList<>();
    long[] procOf = new long[plan.size()];
    int[] slotOf = new int[plan.size()];
    Outcome[] outcomes = new Outcome[plan.size()];
    int seq = 0;
    for (int i = 0; i < plan.size(); i++) {
      List<Long> s = plan.get(i);
      int c = (int) (s.get(0) % clients);
      long inv = clock[c] + s.get(4);
      long eff = inv + 1 + s.get(5);
      long end = eff + 1 + s.get(6);
      clock[c] = end;
      calls.add(w.call(s.get(1).intValue(), s.get(2).intValue(), s.get(3).intValue(), i + 1));
      outcomes[i] = outcome(s.get(7));
      procOf[i] = process[c];
      slotOf[i] = c;
      if (outcomes[i] == Outcome.INFO_APPLIED
          || outcomes[i] == Outcome.INFO_NOT_APPLIED
          || outcomes[i] == Outcome.MISSING) {
        process[c] += clients; // Jepsen: a crashed client comes back as a new process
      }
      points.add(new Point(inv, seq++, 0, i));
      points.add(new Point(eff, seq++, 1, i));
      points.add(new Point(end, seq++, 2, i));
    }
    points.sort(Comparator.comparingLong(Point::time).thenComparingInt(Point::seq));
    Map<Object, Object> state = new HashMap<>();
    SimWorkload.Effect[] effects = new SimWorkload.Effect[plan.size()];
    List<Event> events = new ArrayList<>();
    for (Point p : points) {
      SimWorkload.Call call = calls.get(p.op());
      Outcome o = outcomes[p.op()];
      if (p.kind() == 0) {
        events.add(
            new Event(
                events.size(),
                procOf[p.op()],
                EventType.INVOKE,
                call.f(),
                call.key(),
                call.input(),
                p.time(),
                null,
                null,
                0));
      } else if (p.kind() == 1) {
        if (o == Outcome.OK || o == Outcome.INFO_APPLIED || o == Outcome.MISSING) {
          Object cur = state.containsKey(call.key()) ? state.get(call.key()) : w.init();
          SimWorkload.Effect e = w.apply(cur, call, slotOf[p.op()]);
          effects[p.op()] = e;
          if (e.ok()) {
            state.put(call.key(), e.state());
          }
        }
      } else {
        EventType type;
        Object value = call.input();
        switch (o) {
          case OK:
            type = effects[p.op()].ok() ? EventType.OK : EventType.FAIL;
            if (effects[p.op()].ok()) {
              value = effects[p.op()].okValue();
            }
            break;
          case FAIL:
            type = EventType.FAIL;
            break;
          case MISSING:
            continue;
          default:
            type = EventType.INFO;
        }
        events.add(
            new Event(
                events.size(),
                procOf[p.op()],
                type,
                call.f(),
                call.key(),
                value,
                p.time(),
                null,
                type == EventType.INFO ? "timeout" : o == Outcome.FAIL ? "unavailable" : null,
                0));
      }
    }
    try {
      return History.of("sim", events);
    } catch (HistoryFormatException e) {
      throw new AssertionError("the simulator broke Jepsen's rules: " + e.getMessage(), e);
    }
  }

  /**
   * The history with one ok completion changed so that no order explains it, or empty when this
   * history offers no op to change.
   */
  static Optional<History> mutate(SimWorkload w, History h) {
    List<Event> events = new ArrayList<>(h.events());
    if (w instanceof SimWorkload.MutexSim) {
      return mutateMutex(h, events);
    }
    for (Op op : h.ops()) {
      if (op.isOk()) {
        Object bad = w.impossible(op);
        if (bad != null) {
          events.set(op.completionPos(), op.completion().withValue(bad));
          return Optional.of(of(events));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The history with results moved around: for two ok ops with the same function and key, their
   * completion values are swapped; for the mutex one failed op becomes ok. The result may or may
   * not be linearizable.
   */
  static History perturb(SimWorkload w, History h, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    List<Event> events = new ArrayList<>(h.events());
    List<Op> ok = h.ops().stream().filter(Op::isOk).toList();
    if (w instanceof SimWorkload.MutexSim) {
      List<Op> failed = h.ops().stream().filter(Op::isFail).toList();
      if (!failed.isEmpty()) {
        Op x = failed.get(r.nextInt(failed.size()));
        events.set(x.completionPos(), x.completion().withType(EventType.OK));
      }
      return of(events);
    }
    for (int attempt = 0; attempt < 2 && ok.size() >= 2; attempt++) {
      Op a = ok.get(r.nextInt(ok.size()));
      Op b = ok.get(r.nextInt(ok.size()));
      if (a != b && a.f().equals(b.f()) && java.util.Objects.equals(a.key(), b.key())) {
        Event ca = events.get(a.completionPos());
        Event cb = events.get(b.completionPos());
        events.set(a.completionPos(), ca.withValue(cb.value()));
        events.set(b.completionPos(), cb.withValue(ca.value()));
      }
    }
    return of(events);
  }

  /**
   * A failed acquire that overlaps no other op, in a history without unknown ops, while the lock
   * was held: turned into an ok acquire, it cannot be linearized.
   */
  private static Optional<History> mutateMutex(History h, List<Event> events) {
    if (h.ops().stream().anyMatch(Op::isUnknown)) {
      return Optional.empty();
    }
    for (Op x : h.ops()) {
      if (!x.isFail() || !x.f().equals("acquire")) {
        continue;
      }
      boolean alone =
          h.ops().stream()
              .noneMatch(
                  o ->
                      o != x
                          && o.invokePos() < x.completionPos()
                          && o.completionPos() > x.invokePos());
      long held =
          h.ops().stream()
              .filter(o -> o.isOk() && o.completionPos() < x.invokePos())
              .mapToLong(o -> o.f().equals("acquire") ? 1 : -1)
              .sum();
      if (alone && held > 0) {
        events.set(x.completionPos(), x.completion().withType(EventType.OK));
        return Optional.of(of(events));
      }
    }
    return Optional.empty();
  }

  private static History of(List<Event> events) {
    try {
      return History.of("mutated", events);
    } catch (HistoryFormatException e) {
      throw new AssertionError(e);
    }
  }
}
