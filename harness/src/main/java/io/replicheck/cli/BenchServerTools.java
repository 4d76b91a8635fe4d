package io.replicheck.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the redis tools the server benchmarks need: the path given, else the one on PATH. */
final class BenchServerTools {
  private BenchServerTools() {}

  static Path tool(Path given, String name, String debianPackage) {
    if (given != null) {
      if (!Files.isExecutable(given)) {
        throw new UserError(
            given + " not found or not executable (Debian: apt-get install " + debianPackage + ")");
      }
      return given;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) return Path.of(dir, name);
    }
    throw new UserError(
        name + " not found on PATH (Debian: apt-get install " + debianPackage + ")");
  }
}
