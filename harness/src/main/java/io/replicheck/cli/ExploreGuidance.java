package io.replicheck.cli;

import io.replicheck.cluster.ClusterException;
import io.replicheck.cluster.ServerBinary;
import io.replicheck.explore.Explorer;
import io.replicheck.explore.ScheduleGen;
import io.replicheck.explore.ScheduleStepMutator;
import io.replicheck.explore.Target;
import io.replicheck.explore.coverage.Corpus;
import io.replicheck.explore.coverage.CorpusException;
import io.replicheck.explore.coverage.CoveragePolicy;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Coverage guidance of {@code replicheck explore}: the corpus a target's runs add to, the policy
 * and page, and the closing coverage line.
 */
final class ExploreGuidance {

  private ExploreGuidance() {}

  static void printCoverage(PrintStream out, Explorer.CoverageSummary c) {
    if (c == null) return;
    out.printf(
        "features: %d (%d new), corpus: %d entries in %s%nexplore.html: %s%n",
        c.features(), c.newFeatures(), c.corpusEntries(), c.corpus(), c.page());
  }

  /** The corpus of the target's server under {@code store/corpus/} (lanes share it). */
  static Corpus corpus(Path store, Target target) {
    try {
      return Corpus.open(store, corpusVersion(target));
    } catch (CorpusException | ClusterException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /**
   * The policy (guided or not) over the shared corpus, and the page of this exploration: {@code
   * explore.html} in its folder, one for all lanes of --parallel (they share its {@link
   * io.replicheck.explore.coverage.CoverageLog}, see {@link Explorer#sharingCoverage}).
   */
  static Explorer.Guidance guidance(
      boolean noGuidance,
      ScheduleGen gen,
      Target target,
      long first,
      Corpus corpus,
      Path exploreDir) {
    Path page = exploreDir.resolve("explore.html");
    return new Explorer.Guidance(
        corpus,
        noGuidance ? CoveragePolicy.unguided(first) : CoveragePolicy.guided(first),
        new ScheduleStepMutator(gen.options()).reconfiguringFrom(gen.space()),
        Explorer.RUN_FEATURES,
        page,
        "explore " + target.describe() + (noGuidance ? " (no guidance)" : "") + ", seed " + first);
  }

  /** "redis 7.0.15", "replicheck 7.0.15+wrong-resume-offset": whose corpus a run adds to. */
  static String corpusVersion(Target target) {
    if (target.backend().equals("external")) return "external";
    String v =
        target.server() == null
            ? ServerBinary.reference().version().toString()
            : ServerBinary.external(Path.of(target.server())).version().toString();
    return target.injectBug() == null ? v : v + "+" + target.injectBug();
  }
}
