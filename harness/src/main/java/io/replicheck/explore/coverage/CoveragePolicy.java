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
 * mutations, more or fewer as mutations showed new features more or less often than fresh draws in
 * this exploration ({@link Corpus#mutationShare}), and an entry is picked with a weight of its
 * {@linkplain Corpus#energy energy} (the rarity of the features it added, fading as its mutations
 * show nothing new: an AFLFast-style power schedule). A mutation stacks one to three operators
 * ({@link ScheduleMutator}; more when they undo each other, as the schedule must differ from the
 * entry's, compared with {@code equals}); a quarter of them are havoc, four to eight operators, and
 * a fifth (with two entries or more) first splice the entry with another picked by energy. Pure and
 * seeded: schedule {@code i} of a seed gets the same decision for the same corpus, whatever order
 * schedules finish in, since each decision draws from its own random split of (seed, i).
 */
public final class CoveragePolicy {
  /** A mutation stacks 1 to this many operators (more only when they undo each other). */
  public static final int MAX_STACK = 3;

  /** A havoc mutation (AFL's havoc stage) stacks 4 to this many. */
  public static final int MAX_HAVOC = 8;

  /** The share of mutations that are havoc. */
  static final double HAVOC_SHARE = 0.25;

  /** The share of mutations that cross a fresh draw with the entry. */
  static final double CROSS_FRESH_SHARE = 0.4;

  /** The share of mutations that splice the entry with another (when there are two). */
  static final double SPLICE_SHARE = 0.2;

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
      S schedule,
      Corpus.Entry parent,
      List<ScheduleMutator.Operator> operators,
      String note,
      Corpus.Entry partner) {
    public Pick {
      operators = List.copyOf(operators);
    }

    /** A pick that splices no second entry. */
    public Pick(
        S schedule, Corpus.Entry parent, List<ScheduleMutator.Operator> operators, String note) {
      this(schedule, parent, operators, note, null);
    }

    /**
     * "fresh", "mutation of entry 3 (move-fault, retarget)" or "mutation of entry 3 (splice with
     * entry 5, retarget)".
     */
    public String origin() {
      if (parent == null) return note == null ? "fresh" : "fresh (" + note + ")";
      List<String> labels = new ArrayList<>();
      for (ScheduleMutator.Operator o : operators)
        labels.add(
            o == ScheduleMutator.Operator.SPLICE && partner != null
                ? "splice with entry " + partner.id()
                : o.label());
      return "mutation of entry " + parent.id() + " (" + String.join(", ", labels) + ")";
    }
  }

  /**
   * Candidate draws a guided fresh draw picks from (AETG drew 50; a schedule's parts are few, and
   * more candidates bias the pick toward schedules with the most parts).
   */
  public static final int FRESH_CANDIDATES = 8;

  /**
   * Candidate {@code j} of schedule {@code i}'s fresh draw is the draw of index {@code i + j *
   * CANDIDATE_STRIDE}: candidate 0 is the draw an unguided exploration runs, the others indices no
   * schedule has.
   */
  public static final long CANDIDATE_STRIDE = 1L << 32;

  private final long seed;
  private final double mutationShare;
  private final int freshCandidates;

  /**
   * @param seed the exploration's seed
   * @param mutationShare the share of mutations once the corpus is not empty; 0 turns guidance off
   */
  public CoveragePolicy(long seed, double mutationShare) {
    this(seed, mutationShare, 1);
  }

  /**
   * @param freshCandidates a fresh draw is the candidate, of this many, with the most parts and
   *     pairs of parts not run before ({@link PartCoverage}); 1: the seed's draw as it is
   */
  public CoveragePolicy(long seed, double mutationShare, int freshCandidates) {
    if (!(mutationShare >= 0 && mutationShare <= 1)) {
      throw new IllegalArgumentException("mutationShare must be in [0, 1]: " + mutationShare);
    }
    if (freshCandidates < 1)
      throw new IllegalArgumentException("freshCandidates must be >= 1: " + freshCandidates);
    this.seed = seed;
    this.mutationShare = mutationShare;
    this.freshCandidates = freshCandidates;
  }

  /**
   * Mutations about half the time (as they pay, {@link Corpus#mutationShare}), and fresh draws that
   * cover parts not run before: the best of {@link #FRESH_CANDIDATES}.
   */
  public static CoveragePolicy guided(long seed) {
    return new CoveragePolicy(seed, 0.5, FRESH_CANDIDATES);
  }

  /** Fresh draws only, each the seed's draw as it is ({@code --no-guidance}). */
  public static CoveragePolicy unguided(long seed) {
    return new CoveragePolicy(seed, 0, 1);
  }

  /** The decision for schedule {@code index}, given the corpus entries' weights. */
  public Decision decide(long index, List<Double> weights) {
    return decide(index, weights, mutationShare);
  }

  /** As {@link #decide(long, List)} with the share of mutations given. */
  public Decision decide(long index, List<Double> weights, double share) {
    SplittableRandom r = random(index);
    double u = r.nextDouble();
    long mutationSeed = r.nextLong();
    if (weights.isEmpty() || u >= share) return new Decision.Fresh();
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
    return next(index, corpus, fresh, parse, mutator, null);
  }

  /**
   * As {@link #next(long, Corpus, LongFunction, Function, ScheduleMutator)}, with fresh draws that
   * cover what this exploration has not run: {@code parts} names a schedule's parts ({@link
   * PartCoverage}); null draws as the seed does.
   */
  public <S> Pick<S> next(
      long index,
      Corpus corpus,
      LongFunction<S> fresh,
      Function<String, S> parse,
      ScheduleMutator<S> mutator,
      Function<S, ? extends java.util.Collection<String>> parts) {
    List<Corpus.Entry> entries = corpus.entries();
    List<Double> energies = corpus.energies();
    // the share adapts to what mutations and fresh draws found so far (Corpus.mutationShare)
    Decision d = decide(index, energies, corpus.mutationShare(mutationShare));
    if (!(d instanceof Decision.Mutate m) || m.entry() >= entries.size()) {
      return fresh(index, corpus, fresh, parts, null);
    }
    Corpus.Entry parent = entries.get(m.entry());
    S original;
    try {
      original = parse.apply(parent.scheduleJson());
    } catch (RuntimeException e) {
      return fresh(
          index, corpus, fresh, parts, "entry " + parent.id() + " unreadable: " + e.getMessage());
    }
    SplittableRandom r = new SplittableRandom(m.seed());
    // crossing with the fresh draw this index would run otherwise: as far from the entry as a fresh
    // draw in workload, clients, topology and early faults, but keeping the entry's later faults
    // and
    // (each half the time) its configuration and data shape, where a rare feature's cause often is
    if (r.nextDouble() < CROSS_FRESH_SHARE) {
      S drawn = fresh(index, corpus, fresh, parts, null).schedule();
      Optional<S> crossed = mutator.splice(drawn, original, r);
      if (crossed.isPresent() && !crossed.get().equals(original) && !crossed.get().equals(drawn))
        return new Pick<>(
            crossed.get(), parent, List.of(ScheduleMutator.Operator.CROSS_FRESH), null, null);
    }
    List<ScheduleMutator.Operator> applied = new ArrayList<>();
    S s = original;
    Corpus.Entry partner = null;
    // splicing: the entry crossed with another picked by energy, then a light stack on top
    if (entries.size() >= 2 && r.nextDouble() < SPLICE_SHARE) {
      int other = weighted(r, energies, m.entry());
      try {
        Optional<S> spliced =
            mutator.splice(original, parse.apply(entries.get(other).scheduleJson()), r);
        if (spliced.isPresent() && !spliced.get().equals(original)) {
          s = spliced.get();
          partner = entries.get(other);
          applied.add(ScheduleMutator.Operator.SPLICE);
        }
      } catch (RuntimeException e) {
        // an unreadable partner: mutate the entry alone
      }
    }
    // havoc now and then: a long stack moves far from the entry, a short one stays near it
    int stack =
        partner != null
            ? 1 + r.nextInt(2)
            : r.nextDouble() < HAVOC_SHARE
                ? MAX_STACK + 1 + r.nextInt(MAX_HAVOC - MAX_STACK)
                : 1 + r.nextInt(MAX_STACK);
    if (partner != null) stack++; // the splice counts as one of them
    List<ScheduleMutator.Operator> unary = ScheduleMutator.unary();
    ScheduleMutator.Operator[] ops = unary.toArray(ScheduleMutator.Operator[]::new);
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
      return fresh(index, corpus, fresh, parts, "no operator changes entry " + parent.id());
    }
    return new Pick<>(s, parent, applied, null, partner);
  }

  /**
   * The fresh draw of {@code index}: with {@code parts} and more than one candidate, the candidate
   * with the largest share of parts and pairs of parts no schedule of this exploration ran ({@link
   * #score}; the first on a tie, so candidate 0, the seed's own draw, when none adds anything).
   * Draws only, no I/O.
   */
  private <S> Pick<S> fresh(
      long index,
      Corpus corpus,
      LongFunction<S> fresh,
      Function<S, ? extends java.util.Collection<String>> parts,
      String note) {
    S best = fresh.apply(index);
    if (parts == null || freshCandidates <= 1) return new Pick<>(best, null, List.of(), note);
    PartCoverage ran = corpus.partsRun();
    java.util.Collection<String> bestParts = parts.apply(best);
    int bestUnseen = ran.unseen(bestParts);
    double bestScore = score(ran, bestParts, bestUnseen);
    for (int j = 1; j < freshCandidates; j++) {
      S c = fresh.apply(index + j * CANDIDATE_STRIDE);
      java.util.Collection<String> cParts = parts.apply(c);
      int unseen = ran.unseen(cParts);
      double score = score(ran, cParts, unseen);
      if (score > bestScore) {
        best = c;
        bestScore = score;
        bestUnseen = unseen;
      }
    }
    String covering = "best of " + freshCandidates + ": " + bestUnseen + " parts and pairs not run";
    return new Pick<>(best, null, List.of(), note == null ? covering : note + "; " + covering);
  }

  /**
   * What a candidate adds: the share of its parts and pairs of parts that no schedule ran, times
   * its {@linkplain PartCoverage#speed speed}. A share, because pairs grow with the square of the
   * parts: counted as they are (or per part), the pick is the candidate with the most parts (most
   * faults, most configuration drawn). Measured without servers over 20 explorations of 20 draws
   * (docs/explore.md, 2026-12-07): the seed's own draws have 19.8 parts, the best of 8 by raw count
   * 23.4, by count per part 22.8, by share 20.1; on the reference server the raw count's schedules
   * took 40 % longer than the seed's draws, with 5 Sentinel topologies in 15 against 1 in 20. The
   * share is the candidate whose parts are newest together, whatever its size. Times the speed,
   * because a time budget buys new parts per minute, not per run.
   */
  static double score(PartCoverage ran, java.util.Collection<String> parts, int unseen) {
    long n = new java.util.HashSet<>(parts).size();
    long partsAndPairs = n + n * (n - 1) / 2;
    return partsAndPairs == 0 ? 0 : (double) unseen / partsAndPairs * ran.speed(parts);
  }

  /** An index other than {@code not}, drawn with the weights given (evenly when all are 0). */
  private static int weighted(SplittableRandom r, List<Double> weights, int not) {
    double total = 0;
    for (int i = 0; i < weights.size(); i++) if (i != not) total += Math.max(0, weights.get(i));
    if (total <= 0) {
      int i = r.nextInt(weights.size() - 1);
      return i >= not ? i + 1 : i;
    }
    double at = r.nextDouble() * total;
    int last = not == 0 ? 1 : 0;
    for (int i = 0; i < weights.size(); i++) {
      if (i == not) continue;
      last = i;
      at -= Math.max(0, weights.get(i));
      if (at < 0) return i;
    }
    return last;
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
