package io.replicheck.cli;

import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM for {@code run} and {@code explore}: the first stops the work in order (faults
 * healed, nodes and proxies stopped, results written as unknown with the reason); a second exits at
 * once, leaving the clusters' shutdown hooks and the reaper ({@code cluster/Reaper}) to kill what
 * is left.
 */
final class Signals {
  private static volatile String first;

  private Signals() {}

  /** Installs the handlers; {@code onFirst} gets the reason, e.g. "SIGINT received". */
  static void install(Consumer<String> onFirst) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(
            new Signal(name),
            s -> {
              if (first != null) {
                System.err.println("replicheck: second SIG" + s.getName() + ", stopping at once");
                Runtime.getRuntime().exit(128 + s.getNumber());
              }
              first = "SIG" + s.getName() + " received";
              System.err.println(
                  "replicheck: "
                      + first
                      + "; healing, stopping and writing results"
                      + " (again to stop at once)");
              onFirst.accept(first);
            });
      } catch (IllegalArgumentException e) {
        // a platform without this signal: the JVM's default applies
      }
    }
  }

  /** The first signal's reason, or null when none came. */
  static String received() {
    return first;
  }
}
