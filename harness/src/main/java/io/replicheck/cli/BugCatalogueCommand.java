package io.replicheck.cli;

import io.replicheck.cluster.ClusterException;
import io.replicheck.explore.BugCatalogue;
import io.replicheck.explore.DetectionTable;
import io.replicheck.explore.RunnerExecutor;
import io.replicheck.explore.ScheduleGen;
import io.replicheck.explore.Target;
import io.replicheck.explore.scale.ExploreSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replicheck bench bugs}: the detection table. For each {@code --inject-bug} bug: the
 * invariant that caught it, the time to first failure (median over seeds), the length of the shrunk
 * replay and whether it reproduces every time; then generated runs against the clean reference
 * server and against a redis-server binary, all expected valid. Writes JSON and a markdown table.
 * Takes a long time (hours for the whole catalogue on 2 cores); {@code --bug} picks some bugs.
 */
@Command(
    name = "bugs",
    mixinStandardHelpOptions = true,
    description = {
      "Measure how the harness catches each bug of the reference server's catalogue (the detection table).",
      "Writes FILE (JSON) and FILE with .md (markdown); --update-doc puts the table into docs/bug-catalogue.md."
    })
final class BugCatalogueCommand implements Callable<Integer> {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", description = "JSON results (default: ${DEFAULT-VALUE})")
  Path out = Path.of("store/bench-bugs.json");

  @Option(
      names = "--bug",
      split = ",",
      description = "only these bugs (default: the whole catalogue)")
  List<String> bugs = new ArrayList<>();

  @Option(
      names = "--seeds",
      description = "seeds per bug for the time to first failure (default: ${DEFAULT-VALUE})")
  int seeds = 5;

  @Option(names = "--seed", description = "base seed (default: ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(
      names = "--budget-per-seed",
      description = "exploring budget of one seed (default: ${DEFAULT-VALUE})")
  String perSeed = "3m";

  @Option(
      names = "--replays",
      description = "replays of the shrunk schedule (default: ${DEFAULT-VALUE})")
  int replays = 5;

  @Option(
      names = "--repeats",
      description =
          "runs of each shrink candidate at most; two failing ones (one if 1) make it count as failing (default: ${DEFAULT-VALUE})")
  int repeats = 2;

  @Option(
      names = "--shrink-budget",
      description = "shrink candidates per bug (default: ${DEFAULT-VALUE})")
  int shrinkBudget = 30;

  @Option(
      names = "--shrink-time",
      description = "shrinking time per bug (default: ${DEFAULT-VALUE})")
  String shrinkTime = "10m";

  @Option(
      names = "--clean-runs",
      description = "generated runs per clean server (default: ${DEFAULT-VALUE})")
  int cleanRuns = 20;

  @Option(
      names = "--redis-server",
      description = "the other clean server, or 'none' (default: ${DEFAULT-VALUE})")
  String redisServer = "/usr/bin/redis-server";

  @Option(names = "--time", description = "length of each schedule (default: ${DEFAULT-VALUE})")
  String time = "10s";

  @Option(
      names = "--workload",
      split = ",",
      completionCandidates = PartNames.WorkloadNames.class,
      description =
          "workloads the schedules draw from, of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  List<String> workloads = new ArrayList<>(ScheduleGen.DEFAULT_WORKLOADS);

  @Option(names = "--store", description = "where runs are kept (default: ${DEFAULT-VALUE})")
  Path store = Path.of("store");

  @Mixin DrawOptions draws = new DrawOptions();

  @Option(
      names = "--update-doc",
      description = "write the table under \"Detection table\" in this markdown file")
  Path updateDoc;

  @Override
  public Integer call() throws IOException {
    List<BugCatalogue.Bug> all;
    try {
      all = BugCatalogue.catalogue();
    } catch (IllegalStateException e) {
      throw new UserError(e.getMessage());
    }
    List<BugCatalogue.Bug> chosen = new ArrayList<>();
    for (String name : bugs) {
      chosen.add(
          all.stream()
              .filter(b -> b.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new UserError(
                          "unknown bug '"
                              + name
                              + "' ("
                              + String.join(", ", all.stream().map(BugCatalogue.Bug::name).toList())
                              + ")")));
    }
    if (chosen.isEmpty()) chosen = all;
    Duration scheduleTime = RunCommand.duration("--time", time);
    BugCatalogue.Settings settings =
        new BugCatalogue.Settings(
            seeds,
            seed,
            RunCommand.duration("--budget-per-seed", perSeed).toSeconds(),
            repeats,
            shrinkBudget,
            RunCommand.duration("--shrink-time", shrinkTime).toSeconds(),
            replays,
            cleanRuns,
            scheduleTime.toMillis());
    ScheduleGen gen;
    try {
      // --workload propagation measures the propagation bugs by the workload that reaches them
      gen =
          new ScheduleGen(
              ScheduleGen.Options.defaults()
                  .withTime(scheduleTime.toMillis())
                  .withWorkloads(workloads));
    } catch (IllegalArgumentException e) {
      throw new UserError("--workload: " + e.getMessage());
    }
    // each seed explores as explore does by default: drawn configurations and data shapes, guided
    // by coverage from a corpus of its own (the --no-... options as in explore)
    Path pages = ExploreSummary.createDir(store, "bench-bugs");
    System.out.printf(
        "every seed explores for %s%s; corpora and pages: %s%n",
        perSeed, draws.describeGuidance(), pages);
    BugCatalogue bench =
        new BugCatalogue(
            draws.setup(gen, store, pages, System.out),
            t -> (RunnerExecutor) ExploreCommand.executor(t, store, false),
            store,
            System.out,
            System::nanoTime);
    List<BugCatalogue.Row> rows = new ArrayList<>();
    List<BugCatalogue.Clean> clean = new ArrayList<>();
    try {
      for (BugCatalogue.Bug b : chosen) {
        System.out.printf("bug %s (expected: %s)%n", b.name(), b.expected());
        rows.add(bench.measure(b, settings));
        write(
            new BugCatalogue.Report(
                rows, clean, settings)); // partial results survive an interrupted bench
      }
      if (cleanRuns > 0) {
        System.out.println("clean reference server");
        clean.add(bench.clean("reference server", Target.reference(null), settings));
        if (!redisServer.equals("none")) {
          System.out.println("clean " + redisServer);
          clean.add(
              bench.clean(
                  redisServer,
                  ExploreCommand.target(
                      Path.of(redisServer), null, "process", List.of(), List.of()),
                  settings));
        }
      }
    } catch (ClusterException e) {
      throw new UserError(e.getMessage(), e);
    }
    BugCatalogue.Report report = new BugCatalogue.Report(rows, clean, settings);
    String md = write(report);
    System.out.println();
    System.out.println(md);
    if (updateDoc != null) {
      DetectionTable.writeInto(updateDoc, md);
      System.out.println("updated " + updateDoc);
    }
    boolean falseAlarm = clean.stream().anyMatch(c -> c.invalid() > 0);
    boolean missed = rows.stream().anyMatch(r -> r.medianSeconds() == null);
    return falseAlarm || missed ? Main.EXIT_INVALID : Main.EXIT_VALID;
  }

  private String write(BugCatalogue.Report report) throws IOException {
    String md = DetectionTable.markdown(report, commandLine());
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(out, BugCatalogue.toJson(report, commandLine()));
    String name = out.getFileName().toString();
    Files.writeString(
        out.resolveSibling(
            name.endsWith(".json") ? name.substring(0, name.length() - 5) + ".md" : name + ".md"),
        md);
    return md;
  }

  private String commandLine() {
    List<String> args =
        spec == null || spec.commandLine().getParseResult() == null
            ? List.of()
            : spec.commandLine().getParseResult().originalArgs();
    // the original arguments include the command names (bench bugs): keep what follows them
    int at = args.indexOf("bugs");
    List<String> options = at >= 0 ? args.subList(at + 1, args.size()) : args;
    return "bin/replicheck bench bugs" + (options.isEmpty() ? "" : " " + String.join(" ", options));
  }
}
