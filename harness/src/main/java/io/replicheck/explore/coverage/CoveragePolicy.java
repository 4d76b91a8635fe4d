package io.replicheck.explore.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Decides, per schedule, between a fresh draw and a mutation of a corpus entry, and which entry:
 * once the corpus holds entries, about {@code mutationShare} of the schedules (half by default) are
 * mutations, and an entry is picked with a weight of its {@linkplain Corpus#rarity rarity}, so
 * entries that added features few runs showed are mutated more often. A mutation stacks one to
 * three operators ({@link ScheduleMutator}; more when they undo each other, as the schedule must
 * differ from the entry's, compared with {@code equals}). Pure and seeded: schedule {@code i} of a
 * seed gets the same decision for the same corpus, whatever order schedules finish in, since each
 * decision draws from its own random split of (seed, i).
 */
public final class CoveragePolicy {
  /** A mutation stacks 1 to this many operators (more only when they undo each other). */
  public static final int MAX_STACK = 3;

  /** A fresh draw, or mutation of the entry at {@code entry} (an index into the weights given). */
  public sealed interface Decision {
    record Fresh() implements Decision {}

    record Mutate(int entry, long seed) implements Decision {}
  }

  /**
   * The schedule to run and where it came from.
   *
   * @param schedule the schedule
   * @param parent the corpus entry it mutates, or null for a fresh draw
   * @param operators the operators applied, in order (empty for a fresh draw)
   * @param note why a mutation fell back to a fresh draw, or null
   */
  public record Pick<S>(
      S schedule, Corpus.Entry parent, List<ScheduleMutator.Operator> operators, String note) {
    public Pick {
      operators = List.copyOf(operators);
    }

    /** "fresh" or "mutation of entry 3 (move-fault, retarget)". */
    public String origin() {
      if (parent == null) return note == null ? "fresh" : "fresh (" + note + ")";
      return "mutation of entry "
          + parent.id()
          + " ("
          + String.join(", ", operators.stream().map(ScheduleMutator.Operator::label).toList())
          + ")";
    }
  }

  private final long seed;
  private final double mutationShare;

  /**
   * @param seed the exploration's seed
   * @param mutationShare the share of mutations once the corpus is not empty; 0 turns guidance off
   */
  public CoveragePolicy(long seed, double mutationShare) {
    if (!(mutationShare >= 0 && mutationShare <= 1)) {
      throw new IllegalArgumentException("mutationShare must be in [0, 1]: " + mutationShare);
    }
    this.seed = seed;
    this.mutationShare = mutationShare;
  }

  /** Half mutations, half fresh draws. */
  public static CoveragePolicy guided(long seed) {
    return new CoveragePolicy(seed, 0.5);
  }

  /** Fresh draws only ({@code --no-guidance}). */
  public static CoveragePolicy unguided(long seed) {
    return new CoveragePolicy(seed, 0);
  }

  /** The decision for schedule {@code index}, given the corpus entries' weights. */
  public Decision decide(long index, List<Double> weights) {
    SplittableRandom r = random(index);
    double u = r.nextDouble();
    long mutationSeed = r.nextLong();
    if (weights.isEmpty() || u >= mutationShare) return new Decision.Fresh();
    double total = 0;
    for (double w : weights) total += Math.max(0, w);
    double at = r.nextDouble() * total;
    int pick = weights.size() - 1;
    if (total > 0) {
      for (int i = 0; i < weights.size(); i++) {
        at -= Math.max(0, weights.get(i));
        if (at < 0) {
          pick = i;
          break;
        }
      }
    } else {
      pick = r.nextInt(weights.size());
    }
    return new Decision.Mutate(pick, mutationSeed);
  }

  /**
   * The schedule for index {@code index}: a fresh draw or a mutation of a corpus entry. Falls back
   * to a fresh draw when the entry's schedule cannot be parsed (a corpus from another version) or
   * no operator applies.
   *
   * @param fresh draws the fresh schedule of an index
   * @param parse reads an entry's schedule file text
   */
  public <S> Pick<S> next(
      long index,
      Corpus corpus,
      LongFunction<S> fresh,
      Function<String, S> parse,
      ScheduleMutator<S> mutator) {
    List<Corpus.Entry> entries = corpus.entries();
    Decision d = decide(index, corpus.rarities());
    if (!(d instanceof Decision.Mutate m) || m.entry() >= entries.size()) {
      return new Pick<>(fresh.apply(index), null, List.of(), null);
    }
    Corpus.Entry parent = entries.get(m.entry());
    S original;
    try {
      original = parse.apply(parent.scheduleJson());
    } catch (RuntimeException e) {
      return new Pick<>(
          fresh.apply(index),
          null,
          List.of(),
          "entry " + parent.id() + " unreadable: " + e.getMessage());
    }
    SplittableRandom r = new SplittableRandom(m.seed());
    int stack = 1 + r.nextInt(MAX_STACK);
    List<ScheduleMutator.Operator> applied = new ArrayList<>();
    ScheduleMutator.Operator[] ops = ScheduleMutator.Operator.values();
    S s = original;
    // a bounded number of tries: operators that do not apply are skipped, and stacked operators
    // that undo each other (add then drop) go on until the schedule differs, never forever
    for (int tries = 0;
        (applied.size() < stack || s.equals(original)) && tries < 4 * ops.length;
        tries++) {
      ScheduleMutator.Operator op = ops[r.nextInt(ops.length)];
      Optional<S> next = mutator.apply(op, s, r);
      if (next.isPresent()) {
        s = next.get();
        applied.add(op);
      }
    }
    if (applied.isEmpty() || s.equals(original)) {
      return new Pick<>(
          fresh.apply(index), null, List.of(), "no operator changes entry " + parent.id());
    }
    return new Pick<>(s, parent, applied, null);
  }

  private SplittableRandom random(long index) {
    // (seed, index) mixed so neighbouring indices and seeds give unrelated streams
    return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
