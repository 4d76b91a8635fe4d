package io.replicheck.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * redis-server's log format: {@code pid:role dd Mon yyyy HH:mm:ss.mmm <level> message}, with level
 * marks {@code . - * #} (debug, verbose, notice, warning) and role {@code M}/{@code S} ({@code C}
 * before the server is initialised), to stdout or the logfile.
 */
public final class ServerLog {
  public static final int DEBUG = 0;
  public static final int VERBOSE = 1;
  public static final int NOTICE = 2;
  public static final int WARNING = 3;

  private static final DateTimeFormatter FMT =
      DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH)
          .withZone(ZoneId.systemDefault());
  private static final char[] MARKS = {'.', '-', '*', '#'};

  private final long pid = ProcessHandle.current().pid();
  private volatile PrintStream out = System.out;
  private volatile int level = NOTICE;
  private volatile BooleanSupplier replica = () -> false;
  private volatile boolean initialised;

  public void setLevel(String name) {
    level =
        switch (name) {
          case "debug" -> DEBUG;
          case "verbose" -> VERBOSE;
          case "warning" -> WARNING;
          case "nothing" -> 4;
          default -> NOTICE;
        };
  }

  /** Logs to this file (appending) instead of stdout; empty = stdout. */
  public void setFile(String logfile) throws IOException {
    if (logfile == null || logfile.isEmpty()) {
      out = System.out;
    } else {
      out = new PrintStream(new FileOutputStream(logfile, true), true, StandardCharsets.UTF_8);
    }
  }

  public void setReplicaSupplier(BooleanSupplier replica) {
    this.replica = replica;
  }

  /** After this, the role mark is M or S instead of C. */
  public void setInitialised() {
    initialised = true;
  }

  public void log(int lvl, String msg) {
    if (lvl < level) {
      return;
    }
    char role = !initialised ? 'C' : replica.getAsBoolean() ? 'S' : 'M';
    String line =
        pid
            + ":"
            + role
            + " "
            + FMT.format(Instant.now())
            + " "
            + MARKS[Math.min(lvl, 3)]
            + " "
            + msg;
    PrintStream o = out;
    synchronized (this) {
      o.println(line);
      o.flush();
    }
  }

  public void notice(String msg) {
    log(NOTICE, msg);
  }

  public void warning(String msg) {
    log(WARNING, msg);
  }

  public void verbose(String msg) {
    log(VERBOSE, msg);
  }

  public void close() {
    if (out != System.out) {
      out.close();
    }
  }
}
