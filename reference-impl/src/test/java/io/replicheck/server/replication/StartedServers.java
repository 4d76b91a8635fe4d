package io.replicheck.server.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one interop test starts, in a temp folder of its own: registered with
 * {@code @RegisterExtension}, it makes the folder before each test and after it stops every server
 * the test {@linkplain #track tracked} (last started first, each by its PID through its close),
 * optionally keeps the logs, and deletes the folder.
 */
final class StartedServers implements BeforeEachCallback, AfterEachCallback {
  private final String prefix;
  private final Path keepLogs;
  private final List<AutoCloseable> started = new ArrayList<>();
  private Path root;

  /**
   * @param prefix the temp folder's name prefix
   */
  StartedServers(String prefix) {
    this(prefix, null);
  }

  /**
   * @param keepLogs where the servers' {@code *.log} files are copied before the folder goes
   */
  StartedServers(String prefix, Path keepLogs) {
    this.prefix = prefix;
    this.keepLogs = keepLogs;
  }

  /** The test's temp folder; each server gets {@code root/name}. */
  Path root() {
    return root;
  }

  /** Stopped after the test, in the reverse order of tracking. */
  <T extends AutoCloseable> T track(T t) {
    started.add(t);
    return t;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    root = Files.createTempDirectory(prefix);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        // Keep stopping the others.
      }
    }
    started.clear();
    if (keepLogs != null) {
      Files.createDirectories(keepLogs);
      try (var files = Files.walk(root)) {
        for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
          Files.copy(log, keepLogs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    TestServers.deleteTree(root);
  }
}
