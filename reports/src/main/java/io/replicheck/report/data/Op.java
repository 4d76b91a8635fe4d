package io.replicheck.report.data;

/**
 * An invoke paired with its completion. {@code type} is ok, fail or info; an invoke with no
 * completion in the history is info with {@code completeTime} = the end of the history.
 */
public record Op(int process, String f, String key, long invokeIndex, long completeIndex, String type,
    long invokeTime, long completeTime, String node, String value, String error) {

  public long latencyNanos() {
    return completeTime - invokeTime;
  }
}
