package io.replicheck.checker;

import io.replicheck.history.Op;
import io.replicheck.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Wing–Gong–Lowe search over one sub-history, as Porcupine's {@code checkSingle}: a doubly linked
 * list of call and return entries in history order; linearizing an op lifts its two entries out of
 * the list, backtracking puts them back; a memo of (linearized set, state) prunes repeats.
 *
 * <p>Ops whose outcome is unknown (info, or no completion) get a call entry but no return entry:
 * they may be linearized at any point after their invoke when that helps, and once every op with a
 * known outcome is linearized the rest are taken never to have happened. They are tried only after
 * the ops with known outcomes (phase 2), and of several interchangeable ones (same function, key
 * and values) only the earliest invoked is ever tried first, which keeps crashed clients from
 * multiplying the search. See docs/checker.md.
 */
final class WglSearch {

  /** Steps between checks of the clock. */
  private static final int CLOCK_EVERY = 1 << 12;

  private static final int MAX_STATES_REPORTED = 32;

  private static final class Entry {
    final Op op;
    final int id;
    final boolean call;
    final int position;
    Entry match; // call -> its return (null when unknown); return -> its call
    int cls = -1; // unknown calls: the class of interchangeable ops (same f and value)
    int rank; // unknown calls: position within the class, in invoke order
    Entry prev;
    Entry next;

    Entry(Op op, int id, boolean call, int position) {
      this.op = op;
      this.id = id;
      this.call = call;
      this.position = position;
    }
  }

  /**
   * A linearized op, the state before it, and (for an unknown op) the return entry phase 2 stopped
   * at.
   */
  private record Frame(Entry entry, Object state, Entry stop) {}

  private WglSearch() {}

  static PartitionResult run(Model model, Object key, List<Op> ops, SearchBudget.Meter limits) {
    int n = ops.size();
    List<Entry> entries = new ArrayList<>(2 * n);
    Map<List<Object>, Integer> classes = new HashMap<>();
    List<Integer> classSizes = new ArrayList<>();
    int definite = 0;
    for (Op op : ops) {
      definite += op.isUnknown() ? 0 : 1;
    }
    // known-outcome ops take ids 0.., unknown ops ids from the next word on (see LinearizedSet)
    int knownIds = (definite + 63) & ~63;
    int nextKnown = 0;
    int nextUnknown = knownIds;
    for (int i = 0; i < n; i++) {
      Op op = ops.get(i);
      int id = op.isUnknown() ? nextUnknown++ : nextKnown++;
      Entry call = new Entry(op, id, true, op.invokePos());
      entries.add(call);
      if (!op.isUnknown()) {
        Entry ret = new Entry(op, id, false, op.completionPos());
        call.match = ret;
        ret.match = call;
        entries.add(ret);
      }
    }
    entries.sort(Comparator.comparingInt((Entry e) -> e.position));
    Entry head = new Entry(null, -1, false, -1);
    Entry prev = head;
    for (Entry e : entries) {
      prev.next = e;
      e.prev = prev;
      prev = e;
      if (e.call && e.match == null) {
        // unknown ops with the same function and values are interchangeable once both are invoked
        List<Object> sig = Arrays.asList(e.op.f(), e.op.key(), e.op.input(), e.op.output());
        Integer c = classes.get(sig);
        if (c == null) {
          c = classSizes.size();
          classes.put(sig, c);
          classSizes.add(0);
        }
        e.cls = c;
        e.rank = classSizes.get(c);
        classSizes.set(c, e.rank + 1);
      }
    }
    int[] classNext = new int[classSizes.size()];

    LinearizedSet linearized = new LinearizedSet(nextUnknown, knownIds);
    ConfigurationCache cache = new ConfigurationCache();
    ArrayList<Frame> calls = new ArrayList<>();
    Object state = model.init();
    int remaining = definite; // ops with a known outcome not yet linearized
    // Phase 1 tries ops with a known outcome; on reaching a return entry (stop), phase 2 tries the
    // unknown ops before it. Trying them last keeps them out of the way until a result needs them.
    boolean phase2 = false;
    Entry stop = null;
    Entry entry = head.next;
    long steps = 0;
    // the furthest return entry the search got stuck at, for the counterexample
    int bestPosition = -1;
    Entry bestEntry = null;
    // the ops linearized when it got there; its first `shared` ops are still calls' bottom ones,
    // so a new best copies only what changed since (a full copy each time is quadratic)
    List<Op> bestPrefix = new ArrayList<>();
    int shared = 0;
    Set<Object> bestStates = new LinkedHashSet<>();
    try {
      while (remaining > 0) {
        steps++;
        if ((steps & (CLOCK_EVERY - 1)) == 0) {
          String why = exhausted(limits, steps, cache);
          if (why != null) {
            limits.stepsUsed += steps;
            return new PartitionResult(key, Verdict.UNKNOWN, n, cache.size(), steps, null, why);
          }
        }
        if (!phase2 && !entry.call) {
          phase2 = true;
          stop = entry;
          entry = head.next;
          continue;
        }
        if (entry != stop) {
          boolean candidate =
              phase2
                  ? entry.match == null && entry.rank == classNext[entry.cls]
                  : entry.match != null;
          if (candidate) {
            Object next = model.step(state, entry.op);
            if (next != Model.INCONSISTENT && cache.add(linearized, entry.id, next)) {
              calls.add(new Frame(entry, state, stop));
              state = next;
              linearized.set(entry.id);
              lift(entry);
              if (entry.match != null) {
                remaining--;
              } else {
                classNext[entry.cls]++;
              }
              phase2 = false;
              stop = null;
              entry = head.next;
              continue;
            }
          }
          entry = entry.next;
          continue;
        }
        // Stuck at a return: its op cannot be placed before it returns. Remember the furthest.
        if (entry.position > bestPosition) {
          bestPosition = entry.position;
          bestEntry = entry;
          bestStates.clear();
          shared = snapshot(calls, bestPrefix, shared);
        } else if (entry.position == bestPosition && calls.size() > bestPrefix.size()) {
          shared = snapshot(calls, bestPrefix, shared);
        }
        if (entry == bestEntry && bestStates.size() < MAX_STATES_REPORTED) {
          bestStates.add(new StateBox(state));
        }
        if (calls.isEmpty()) {
          limits.stepsUsed += steps;
          return invalid(model, key, n, cache, steps, bestEntry, bestPrefix, bestStates);
        }
        Frame top = calls.remove(calls.size() - 1);
        shared = Math.min(shared, calls.size());
        state = top.state;
        linearized.clear(top.entry.id);
        unlift(top.entry);
        if (top.entry.match != null) {
          remaining++;
          phase2 = false;
          stop = null;
        } else {
          classNext[top.entry.cls]--;
          phase2 = true;
          stop = top.stop;
        }
        entry = top.entry.next;
      }
      limits.stepsUsed += steps;
      return new PartitionResult(key, Verdict.VALID, n, cache.size(), steps, null, null);
    } catch (OutOfMemoryError e) {
      // Last resort: the heap ran out before the estimated budget did. Drop the memo and say so.
      cache.clear();
      calls.clear();
      limits.stepsUsed += steps;
      return new PartitionResult(
          key,
          Verdict.UNKNOWN,
          n,
          0,
          steps,
          null,
          "out of memory after " + steps + " steps (raise -Xmx or lower the cache budget)");
    }
  }

  private static String exhausted(SearchBudget.Meter limits, long steps, ConfigurationCache cache) {
    return limits.exhausted(steps, cache.bytes(), cache.size());
  }

  /**
   * Wraps a state so a null state (an empty register) can sit in a set. equals and hashCode are
   * written out: a record's generated ones bootstrap method handles at first use, tens of
   * milliseconds of a cold {@code check}.
   */
  private record StateBox(Object state) {
    @Override
    public boolean equals(Object o) {
      return o instanceof StateBox b && Objects.equals(state, b.state);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(state);
    }

    @Override
    public String toString() {
      return String.valueOf(state);
    }
  }

  /**
   * Makes {@code prefix} the ops of {@code calls}, given that its first {@code shared} already are;
   * returns the new shared length.
   */
  private static int snapshot(List<Frame> calls, List<Op> prefix, int shared) {
    prefix.subList(shared, prefix.size()).clear();
    for (int i = shared; i < calls.size(); i++) {
      prefix.add(calls.get(i).entry.op);
    }
    return calls.size();
  }

  private static PartitionResult invalid(
      Model model,
      Object key,
      int n,
      ConfigurationCache cache,
      long steps,
      Entry stuck,
      List<Op> prefix,
      Set<Object> states) {
    List<String> described = new ArrayList<>();
    Object first = null;
    boolean haveFirst = false;
    for (Object box : states) {
      Object s = ((StateBox) box).state();
      if (!haveFirst) {
        first = s;
        haveFirst = true;
      }
      described.add(model.describe(s));
    }
    Op op = stuck.op;
    String why = null;
    for (Object box : states) {
      Object s = ((StateBox) box).state();
      if (model.step(s, op) == Model.INCONSISTENT) {
        why = model.explain(s, op);
        break;
      }
    }
    if (why == null) {
      why =
          haveFirst
              ? "every order that lets it take effect before it returned contradicts a later result"
              : "cannot be linearized";
    }
    Counterexample cex = new Counterexample(key, op, prefix, described, why);
    return new PartitionResult(key, Verdict.INVALID, n, cache.size(), steps, cex, null);
  }

  private static void lift(Entry call) {
    call.prev.next = call.next;
    if (call.next != null) {
      call.next.prev = call.prev;
    }
    Entry ret = call.match;
    if (ret != null) {
      ret.prev.next = ret.next;
      if (ret.next != null) {
        ret.next.prev = ret.prev;
      }
    }
  }

  private static void unlift(Entry call) {
    Entry ret = call.match;
    if (ret != null) {
      ret.prev.next = ret;
      if (ret.next != null) {
        ret.next.prev = ret;
      }
    }
    call.prev.next = call;
    if (call.next != null) {
      call.next.prev = call;
    }
  }
}
