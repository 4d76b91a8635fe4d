package io.replicheck.cluster;

import java.time.Instant;

/**
 * A node's process (or container) that ended while the harness still held it running: no kill, no
 * stop, no fault asked for it. A crash (a failed assertion, a segfault, a JVM error), a server
 * exiting on a command the harness never sent, or a signal from outside (the kernel's OOM killer).
 *
 * @param node the node's name
 * @param pid the process id (0 for a container)
 * @param exitCode the exit status as the JVM reports it: 128 + N when signal N ended it
 * @param at when the harness learnt of the exit (within a few ms of it for processes)
 * @param logTail the node's last log lines at that moment, before any restart appends to the log
 */
public record NodeExit(String node, long pid, int exitCode, Instant at, String logTail) {

  /** Killed by SIGKILL: never sent by the harness to a node it still held, so from outside. */
  public boolean killedFromOutside() {
    return exitCode == 128 + 9;
  }

  /** "exited with code 1", "ended by SIGABRT (code 134)". */
  public String how() {
    if (exitCode > 128 && exitCode <= 128 + 31) {
      return "ended by " + signalName(exitCode - 128) + " (code " + exitCode + ")";
    }
    return "exited with code " + exitCode;
  }

  private static String signalName(int n) {
    return switch (n) {
      case 1 -> "SIGHUP";
      case 2 -> "SIGINT";
      case 3 -> "SIGQUIT";
      case 4 -> "SIGILL";
      case 6 -> "SIGABRT";
      case 7 -> "SIGBUS";
      case 8 -> "SIGFPE";
      case 9 -> "SIGKILL";
      case 11 -> "SIGSEGV";
      case 13 -> "SIGPIPE";
      case 15 -> "SIGTERM";
      default -> "signal " + n;
    };
  }
}
