package io.replicheck.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Removes what this JVM started when the JVM dies without cleaning up (kill -9, OOM, a crash).
 *
 * <p>A shutdown hook covers Ctrl-C and normal exits, but nothing in a JVM runs after SIGKILL. So
 * the first cluster starts one small watcher process (bash) that polls this JVM's pid; when the JVM
 * is gone it SIGKILLs every registered pid and removes every registered container. The list lives
 * in a file the watcher reads only at the end, so registering costs a file write.
 */
public final class Reaper {

  private static final Reaper INSTANCE = new Reaper();

  private final Set<String> entries = new LinkedHashSet<>();
  private Path listFile;
  private boolean started;

  private Reaper() {}

  public static Reaper get() {
    return INSTANCE;
  }

  /** Registers a child process to be killed if this JVM dies. */
  public synchronized void registerPid(long pid) {
    ensureStarted();
    entries.add("pid " + pid);
    write();
  }

  public synchronized void unregisterPid(long pid) {
    if (entries.remove("pid " + pid)) write();
  }

  /** Registers a container id to be removed if this JVM dies. */
  public synchronized void registerContainer(String id) {
    ensureStarted();
    entries.add("container " + id);
    write();
  }

  public synchronized void unregisterContainer(String id) {
    if (entries.remove("container " + id)) write();
  }

  /** The file the watcher reads; for tests. */
  public synchronized Path listFile() {
    ensureStarted();
    return listFile;
  }

  private void ensureStarted() {
    if (started) return;
    try {
      long jvm = ProcessHandle.current().pid();
      listFile = Files.createTempFile("replicheck-reaper-" + jvm + "-", ".list");
      String script =
          "trap '' INT TERM HUP\n"
              + "jvm=\"$1\"; list=\"$2\"\n"
              + "while kill -0 \"$jvm\" 2>/dev/null; do sleep 1; done\n"
              + "if [ -f \"$list\" ]; then\n"
              + "  while read -r kind id; do\n"
              + "    case \"$kind\" in\n"
              + "      pid) kill -9 \"$id\" 2>/dev/null ;;\n"
              + "      container) docker rm -f \"$id\" >/dev/null 2>&1 ;;\n"
              + "    esac\n"
              + "  done < \"$list\"\n"
              + "  rm -f \"$list\"\n"
              + "fi\n";
      new ProcessBuilder(
              "bash", "-c", script, "replicheck-reaper", Long.toString(jvm), listFile.toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      started = true;
    } catch (IOException e) {
      throw new ClusterException("cannot start the reaper process (bash): " + e.getMessage(), e);
    }
  }

  private void write() {
    try {
      Path tmp = listFile.resolveSibling(listFile.getFileName() + ".tmp");
      Files.write(tmp, entries, StandardCharsets.UTF_8);
      Files.move(
          tmp,
          listFile,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ClusterException(
          "cannot write the reaper list " + listFile + ": " + e.getMessage(), e);
    }
  }
}
