package io.replicheck.checker;

import io.replicheck.history.Op;
import java.util.List;

/**
 * Why a history is not linearizable, in a form reports can draw.
 *
 * @param key the key whose sub-history failed (null for single-object histories)
 * @param op the op that cannot be linearized: every linearization of the ops that completed before it
 *     leaves the model in a state where its result is impossible
 * @param linearized the longest linearizable prefix found, in linearization order
 * @param states the model states reachable just before {@code op} had to take effect (at most 32)
 * @param explanation why {@code op} fails in the first of those states
 */
public record Counterexample(Object key, Op op, List<Op> linearized, List<String> states, String explanation) {

  public Counterexample {
    linearized = List.copyOf(linearized);
    states = List.copyOf(states);
  }
}
