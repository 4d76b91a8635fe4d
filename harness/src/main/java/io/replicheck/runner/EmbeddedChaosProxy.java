package io.replicheck.runner;

/** Starts the project's own chaos proxy in this JVM, on a free loopback port. */
public final class EmbeddedChaosProxy {
  private EmbeddedChaosProxy() {}

  /** A running embedded proxy with the given seed for its randomness. */
  public static ChaosProxy start(long seed) {
    throw new UnsupportedOperationException("the embedded chaos proxy is not wired yet");
  }
}
