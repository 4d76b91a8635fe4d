package io.replicheck.cli;

import io.replicheck.history.EdnFormat;
import io.replicheck.history.Event;
import io.replicheck.history.HistoryFormat;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.history.JsonlFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replicheck export --edn RUN_DIR_OR_HISTORY [-o FILE]}: a run's history as Jepsen/Knossos
 * EDN, written on demand rather than with every run (runs keep only history.jsonl.gz).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a run's history for other tools.",
      "--edn writes Jepsen/Knossos EDN (one vector of op maps), read by Knossos, Jepsen and 'replicheck check'.",
      "RUN_DIR_OR_HISTORY is a run folder (its history.jsonl.gz, or history.jsonl of older stores) or a history file.",
      "Exit code: 0 written, 3 error."
    })
final class ExportCommand implements Callable<Integer> {

  @Option(names = "--edn", required = true, description = "export as EDN (the only export format)")
  boolean edn;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "where to write ('-' for standard output; default: history.edn beside the history)")
  String output;

  @Option(
      names = "--with-replica-reads",
      description =
          "keep the replica readers' reads of a run (left out by default: they lag the master by"
              + " design, so Knossos would call the history non-linearizable; P3 leaves them out)")
  boolean withReplicaReads;

  @Parameters(
      index = "0",
      paramLabel = "RUN_DIR_OR_HISTORY",
      description = "a run folder or a history file")
  Path source;

  @Override
  public Integer call() {
    Path history = JsonlFormat.runHistory(source);
    if (history == null) {
      throw new UserError(
          Files.isDirectory(source)
              ? source
                  + ": a folder with no "
                  + JsonlFormat.RUN_FILE
                  + " or "
                  + JsonlFormat.PLAIN_RUN_FILE
              : source + ": no such file or folder");
    }
    List<Event> events;
    try {
      events = HistoryFormat.readFileEvents(history, null);
      java.util.Set<Long> clients = withReplicaReads ? null : JsonlFormat.runClients(history);
      if (clients != null) {
        events = JsonlFormat.masterClients(events, clients);
      }
    } catch (HistoryFormatException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IOException e) {
      throw new UserError("cannot read " + history.getParent() + ": " + e.getMessage(), e);
    }
    try {
      if ("-".equals(output)) {
        Writer w =
            new OutputStreamWriter(
                new PrintStream(System.out, false, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        EdnFormat.write(events, w);
        return Main.EXIT_VALID;
      }
      Path target = output != null ? Path.of(output) : history.resolveSibling("history.edn");
      try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
        EdnFormat.write(events, w);
      }
      System.out.println(events.size() + " events written to " + target);
      return Main.EXIT_VALID;
    } catch (IOException e) {
      throw new UserError("cannot write the EDN history: " + e.getMessage(), e);
    }
  }
}
