package io.replicheck.runner;

/**
 * Client {@code client} runs the workload for {@code durationMillis} from {@code atMillis}, {@code
 * readPercent} % reads, at most {@code ratePerSecond} ops a second (0: as fast as it can; a bounded
 * rate keeps histories small enough for the linearizability checker). A client with no window open
 * waits.
 */
public record OpWindow(
    int client, long atMillis, long durationMillis, int readPercent, int ratePerSecond)
    implements Step {

  public OpWindow(int client, long atMillis, long durationMillis, int readPercent) {
    this(client, atMillis, durationMillis, readPercent, 0);
  }

  @Override
  public OpWindow at(long t) {
    return new OpWindow(client, t, durationMillis, readPercent, ratePerSecond);
  }

  @Override
  public OpWindow lasting(long d) {
    return new OpWindow(client, atMillis, d, readPercent, ratePerSecond);
  }

  /** This window on another client. */
  public OpWindow on(int c) {
    return new OpWindow(c, atMillis, durationMillis, readPercent, ratePerSecond);
  }

  /** Whether the window is open at {@code elapsedMillis}. */
  public boolean openAt(long elapsedMillis) {
    return elapsedMillis >= atMillis && elapsedMillis < atMillis + durationMillis;
  }

  @Override
  public String toString() {
    return "ops c"
        + client
        + " @"
        + atMillis
        + "ms+"
        + durationMillis
        + "ms reads "
        + readPercent
        + "%"
        + (ratePerSecond > 0 ? " " + ratePerSecond + "/s" : "");
  }
}
