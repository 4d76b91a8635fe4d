package io.replicheck.cli;

import io.replicheck.cluster.ServerBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Finds the redis tools the server benchmarks need: the path given, else the one on PATH; and the
 * options that give them, mixed into each bench command that needs them.
 */
final class BenchServerTools {
  private BenchServerTools() {}

  /** {@code --redis-server PATH}. */
  static final class ServerOption {
    @Option(
        names = "--redis-server",
        paramLabel = "PATH",
        description = "(default: redis-server on PATH)")
    Path given;

    Path path() {
      return tool(given, "redis-server", "redis-server");
    }
  }

  /** {@code --redis-benchmark PATH}. */
  static final class BenchmarkOption {
    @Option(
        names = "--redis-benchmark",
        paramLabel = "PATH",
        description = "(default: redis-benchmark on PATH)")
    Path given;

    Path path() {
      return tool(given, "redis-benchmark", "redis-tools");
    }
  }

  static Path tool(Path given, String name, String debianPackage) {
    // the same PATH lookup as --server in run and explore
    Path found = ServerBinary.resolve(given != null ? given : Path.of(name));
    if (Files.isExecutable(found)) return found;
    throw new UserError(
        (given != null ? given + " not found or not executable" : name + " not found on PATH")
            + " (Debian: apt-get install "
            + debianPackage
            + ")");
  }
}
