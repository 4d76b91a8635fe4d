package io.replicheck.cli;

import io.replicheck.explore.BugCatalogue;
import io.replicheck.explore.ConfigDraws;
import io.replicheck.explore.Explorer;
import io.replicheck.explore.ScheduleGen;
import io.replicheck.explore.Target;
import io.replicheck.explore.config.ConfigSpace;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What an exploration draws beyond the generator's schedule and whether coverage guides it: shared
 * by explore and bench bugs, so the detection table measures what explore does by default.
 */
final class DrawOptions {
  @Option(
      names = "--no-guidance",
      description =
          "every schedule a fresh draw (no mutations of the corpus); features are still recorded, to compare")
  boolean noGuidance;

  @Option(
      names = "--no-config-draws",
      description = "start every node with the harness's arguments only (no drawn configuration)")
  boolean noConfigDraws;

  @Option(
      names = "--no-data-shapes",
      description = "no drawn data shapes (no preload, the op windows' rates, --max-value-size)")
  boolean noDataShapes;

  /** The configurations {@code target}'s nodes draw from (probed once), or null. */
  ConfigSpace space(Target target, Path store, PrintStream out) {
    return noConfigDraws ? null : new ConfigDraws().spaceFor(target, store, out);
  }

  /**
   * The configurations every one of {@code targets} accepts (each probed once), for a matrix whose
   * servers run the same schedules; null when any of them draws none.
   */
  ConfigSpace commonSpace(List<Target> targets, Path store, PrintStream out) {
    ConfigSpace common = null;
    for (Target t : targets) {
      ConfigSpace s = space(t, store, out);
      if (s == null) return null;
      common = common == null ? s : common.within(s);
    }
    if (common != null && targets.size() > 1) {
      out.printf(
          "node configuration: %d directives drawable on every server%n",
          common.directives().size());
    }
    return common;
  }

  /** {@code gen} drawing node configurations from {@code space} and, unless off, data shapes. */
  ScheduleGen drawing(ScheduleGen gen, ConfigSpace space) {
    return gen.drawing(space, !noDataShapes);
  }

  /** ", guided by coverage" or ", no guidance (fresh draws only)". */
  String describeGuidance() {
    return noGuidance ? ", no guidance (fresh draws only)" : ", guided by coverage";
  }

  /**
   * The default exploration for {@code bench bugs}: each target's schedules drawn as explore draws
   * them (its configuration space probed once per target), and each seed guided from a corpus of
   * its own under {@code dir/<bug or server>-<seed>/}, empty at first as a new user's is, so seeds
   * are independent measurements.
   */
  BugCatalogue.Setup setup(ScheduleGen gen, Path store, Path dir, PrintStream out) {
    Map<Target, ScheduleGen> drawn = new HashMap<>();
    return new BugCatalogue.Setup() {
      @Override
      public ScheduleGen generator(Target target) {
        return drawn.computeIfAbsent(target, t -> drawing(gen, space(t, store, out)));
      }

      @Override
      public Explorer guide(Explorer explorer, ScheduleGen g, Target target, long seed) {
        String name = target.injectBug() != null ? target.injectBug() : "clean";
        Path at = dir.resolve(name + "-" + seed);
        return explorer.guidedBy(
            ExploreGuidance.guidance(
                noGuidance, g, target, seed, ExploreGuidance.corpus(at, target), at));
      }
    };
  }
}
