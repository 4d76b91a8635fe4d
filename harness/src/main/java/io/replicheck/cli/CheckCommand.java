package io.replicheck.cli;

import io.replicheck.checker.CheckTool;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replicheck check FILE...}: the linearizability checker on history files; the logic is
 * CheckTool's.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check histories for linearizability (Knossos's role): prints a verdict per file.",
      "Formats: jsonl, edn (Jepsen/Knossos), porcupine-etcd, porcupine-kv; guessed from the file when not given.",
      "A file may be gzipped (.gz); a run folder is checked through its history.jsonl.gz (or history.jsonl).",
      "Models: register, cas-register, multi-register, key-value, counter, list-append, set, mutex.",
      "Exit code: 0 valid, 1 invalid, 2 unknown, 3 error."
    })
final class CheckCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      description = "the model (default: guessed from the ops; cas-register for EDN)")
  String model;

  @Option(
      names = "--format",
      description = "jsonl, edn, porcupine-etcd or porcupine-kv (default: from the file)")
  String format;

  @Option(
      names = "--time-limit",
      paramLabel = "S",
      description = "seconds per file before the verdict is unknown (default: 60)")
  Double timeLimit;

  @Option(names = "--json", description = "print one JSON document with every result")
  boolean json;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "history files or run folders")
  List<Path> files;

  @Override
  public Integer call() {
    CheckTool.Options options;
    try {
      options = CheckTool.Options.parse(format, model, timeLimit, json);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    return CheckTool.run(files, options, System.out, System.err);
  }
}
