package io.replicheck.server;

/** Entry point of the reference server; placeholder until the server core lands. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Starts the server with redis-server's arguments; returns an exit code when it stops. */
  public static int run(String[] args) {
    System.err.println("replicheck server: not implemented yet");
    return 1;
  }
}
