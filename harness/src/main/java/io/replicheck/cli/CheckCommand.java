package io.replicheck.cli;

import io.replicheck.checker.CheckTool;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /**
   * The command from its arguments without picocli, or null unless they are only this command's
   * options (each at most once, {@code --opt V} or {@code --opt=V}) and at least one file: help,
   * {@code @files}, {@code --}, unknown options and bad values are left to picocli, which parses
   * them as the options above say and gives its messages. CheckCommandParseTest holds the two to
   * the same result.
   */
  static CheckCommand parse(String[] args) {
    CheckCommand c = new CheckCommand();
    List<Path> files = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (!a.startsWith("-") && !a.startsWith("@")) {
          files.add(Path.of(a));
          continue;
        }
        int eq = a.indexOf('=');
        String name = eq < 0 ? a : a.substring(0, eq);
        if (name.equals("--json")) {
          if (eq >= 0 || c.json) return null;
          c.json = true;
          continue;
        }
        String value;
        if (eq >= 0) {
          value = a.substring(eq + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          return null;
        }
        if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) return null;
        switch (name) {
          case "--model" -> {
            if (c.model != null) return null;
            c.model = value;
          }
          case "--format" -> {
            if (c.format != null) return null;
            c.format = value;
          }
          case "--time-limit" -> {
            if (c.timeLimit != null) return null;
            c.timeLimit = Double.valueOf(value);
          }
          default -> {
            return null;
          }
        }
      }
    } catch (NumberFormatException | InvalidPathException e) {
      return null;
    }
    if (files.isEmpty()) return null;
    c.files = files;
    return c;
  }

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
