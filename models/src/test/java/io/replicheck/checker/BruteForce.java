package io.replicheck.checker;

import io.replicheck.history.History;
import io.replicheck.history.Op;
import io.replicheck.model.Model;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Linearizability by the definition, for small histories: try every order of the ops that respects
 * real time (an op that completed before another was invoked comes first); unknown ops may be left
 * out; failed ops and unknown reads are ignored as the model says. No splitting by key, no pruning,
 * no symmetry: the reference the optimized search is compared with.
 */
final class BruteForce {

  private BruteForce() {}

  static boolean linearizable(Model model, History h) {
    List<Op> ops = new ArrayList<>();
    for (Op op : h.ops()) {
      if (model.mustCheck(op)) {
        ops.add(op);
      }
    }
    if (model.partitionsByKey()) {
      // keys are independent objects: the state is a map key -> state, built lazily per key
      return search(model, ops, new BitSet(), new java.util.HashMap<>(), new HashSet<>());
    }
    java.util.Map<Object, Object> single = new java.util.HashMap<>();
    List<Op> unkeyed = new ArrayList<>();
    for (Op op : ops) {
      unkeyed.add(
          new Op(
              op.id(),
              op.invoke().withKey(null),
              op.completion() == null ? null : op.completion().withKey(null),
              op.invokePos(),
              op.completionPos()));
    }
    return search(model, unkeyed, new BitSet(), single, new HashSet<>());
  }

  private static boolean search(
      Model model,
      List<Op> ops,
      BitSet placed,
      java.util.Map<Object, Object> states,
      Set<List<Object>> seen) {
    boolean done = true;
    for (int i = 0; i < ops.size(); i++) {
      if (!placed.get(i) && !ops.get(i).isUnknown()) {
        done = false;
        break;
      }
    }
    if (done) {
      return true;
    }
    if (!seen.add(List.of(placed.clone(), new java.util.HashMap<>(states)))) {
      return false;
    }
    for (int i = 0; i < ops.size(); i++) {
      if (placed.get(i)) {
        continue;
      }
      Op o = ops.get(i);
      boolean ready = true;
      for (int j = 0; j < ops.size(); j++) {
        if (!placed.get(j)
            && j != i
            && !ops.get(j).isUnknown()
            && ops.get(j).completionPos() < o.invokePos()) {
          ready = false;
          break;
        }
      }
      if (!ready) {
        continue;
      }
      Object k = o.key();
      Object cur = states.containsKey(k) ? states.get(k) : model.init();
      Object next = model.step(cur, o);
      if (next == Model.INCONSISTENT) {
        continue;
      }
      boolean had = states.containsKey(k);
      states.put(k, next);
      placed.set(i);
      if (search(model, ops, placed, states, seen)) {
        return true;
      }
      placed.clear(i);
      if (had) {
        states.put(k, cur);
      } else {
        states.remove(k);
      }
    }
    return false;
  }
}
