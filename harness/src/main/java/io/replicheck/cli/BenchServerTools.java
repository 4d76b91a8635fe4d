package io.replicheck.cli;

import io.replicheck.cluster.ServerBinary;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the redis tools the server benchmarks need: the path given, else the one on PATH. */
final class BenchServerTools {
  private BenchServerTools() {}

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
