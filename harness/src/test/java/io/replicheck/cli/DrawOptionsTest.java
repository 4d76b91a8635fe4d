package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.explore.BugCatalogue;
import io.replicheck.explore.Explorer;
import io.replicheck.explore.Outcome;
import io.replicheck.explore.ScheduleGen;
import io.replicheck.explore.ScheduleShrinker;
import io.replicheck.explore.Target;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrawOptionsTest {
  @TempDir Path store;

  @Test
  void benchBugsGuidesEverySeedFromACorpusOfItsOwn() {
    DrawOptions draws = new DrawOptions();
    draws.noConfigDraws = true; // no server to probe here
    ScheduleGen gen = new ScheduleGen(ScheduleGen.Options.defaults());
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    Path pages = store.resolve("pages");
    BugCatalogue.Setup setup = draws.setup(gen, store, pages, quiet);
    Target bug = Target.reference("wrong-resume-offset");
    ScheduleGen drawn = setup.generator(bug);
    // data shapes are drawn as explore draws them, and the generator is made once per target
    assertThat(drawn).isNotSameAs(gen).isSameAs(setup.generator(bug));
    for (long seed : new long[] {7, 1007}) {
      Explorer e =
          new Explorer(
              drawn,
              (s, sd) -> new Outcome("valid", Set.of(), null, "fine"),
              (ScheduleShrinker) null,
              bug,
              store,
              quiet,
              System::nanoTime);
      assertThat(setup.guide(e, drawn, bug, seed)).isSameAs(e);
      assertThat(pages.resolve("wrong-resume-offset-" + seed).resolve("corpus")).isDirectory();
    }
  }
}
