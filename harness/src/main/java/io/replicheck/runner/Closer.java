package io.replicheck.runner;

import java.util.ArrayDeque;
import java.util.Deque;

/** Closes what a run opened, last first, each even if another fails: nothing is left running. */
final class Closer implements AutoCloseable {
  private final Deque<AutoCloseable> stack = new ArrayDeque<>();

  <T extends AutoCloseable> T add(T resource) {
    stack.push(resource);
    return resource;
  }

  @Override
  public void close() {
    while (!stack.isEmpty()) {
      try {
        stack.pop().close();
      } catch (Exception e) {
        System.err.println("replicheck: cleanup: " + e);
      }
    }
  }
}
