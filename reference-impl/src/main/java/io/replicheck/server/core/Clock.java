package io.replicheck.server.core;

/** Wall-clock time in Unix milliseconds; injected so the core is tested without sleeping. */
@FunctionalInterface
public interface Clock {
  long currentTimeMillis();

  Clock SYSTEM = System::currentTimeMillis;
}
