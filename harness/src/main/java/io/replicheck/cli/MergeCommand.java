package io.replicheck.cli;

import io.replicheck.explore.coverage.CorpusException;
import io.replicheck.explore.scale.StoreMerge;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replicheck merge STORE... --into DIR}: joins the stores of a sharded exploration (runs,
 * corpora, summaries) into one new store.
 */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = {
      "Join the stores of several shards or machines into one: runs copied, corpora joined"
          + " (hit counts added, entries renumbered), summaries joined with an explore.html.",
      "Exit code: 0 merged, 3 error."
    })
final class MergeCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "STORE", description = "stores to merge")
  List<Path> stores = new ArrayList<>();

  @Option(
      names = {"-o", "--into"},
      required = true,
      description = "the merged store, a new or empty folder")
  Path into;

  @Override
  public Integer call() {
    StoreMerge.Result r;
    try {
      r = StoreMerge.merge(stores, into, System.err);
    } catch (IllegalArgumentException | UncheckedIOException | CorpusException e) {
      throw new UserError(e.getMessage(), e);
    }
    System.out.printf(
        "merged %d stores into %s: %d folders (%d renamed)%n",
        stores.size(), r.out(), r.runs(), r.renamed());
    for (Map.Entry<String, int[]> c : r.corpora().entrySet())
      System.out.printf(
          "corpus %s: %d features, %d entries%n", c.getKey(), c.getValue()[0], c.getValue()[1]);
    if (r.summary() != null) System.out.printf("summary: %s%n", r.summary());
    return Main.EXIT_VALID;
  }
}
