package io.replicheck.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A started process's log and stdout files, read for assertions and failure messages. */
final class LogFiles {
  private LogFiles() {}

  /** The file so far ("" before it exists). */
  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** The last 3000 characters of the log and stdout, for failure messages. */
  static String tail(Path log, Path stdout) {
    String all = read(log);
    try {
      if (Files.exists(stdout)) {
        all += Files.readString(stdout, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      all += "(stdout unreadable: " + e + ")";
    }
    return all.length() > 3000 ? all.substring(all.length() - 3000) : all;
  }
}
