package io.replicheck.cli;

import io.replicheck.explore.BugCatalogue;
import io.replicheck.explore.BugSites;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code replicheck bugs}: the reference server's {@code --inject-bug} catalogue. */
@Command(
    name = "bugs",
    mixinStandardHelpOptions = true,
    description = {
      "List the bugs the reference server can switch on (--inject-bug): where each bites, "
          + "what breaks, the invariants that catch it.",
      "`bench bugs` measures how fast each is caught."
    })
final class BugsCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.out.printf(
        "%-28s %-28s %-11s %s%n", "name", "where it bites", "caught by", "what breaks");
    for (BugCatalogue.Bug b : BugCatalogue.catalogue()) {
      BugSites.Site site = BugSites.of(b.name());
      System.out.printf(
          "%-28s %-28s %-11s %s%n",
          b.name(), site.where(), String.join(",", b.expected()), site.breaks());
    }
    return Main.EXIT_VALID;
  }
}
