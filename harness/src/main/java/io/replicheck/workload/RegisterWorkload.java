package io.replicheck.workload;

import java.util.List;
import java.util.Random;

/**
 * A register per key: GET and SET of small integers, plus compare-and-set (WATCH/MULTI/EXEC) when
 * {@code cas} is on. Small values make collisions, which is what makes histories hard.
 */
public final class RegisterWorkload implements Workload {
  private final List<String> keys;
  private final boolean cas;

  public RegisterWorkload(int keys, boolean cas) {
    this.keys = Workload.keyNames("r", keys);
    this.cas = cas;
  }

  @Override
  public String name() {
    return cas ? "cas-register" : "register";
  }

  @Override
  public String model() {
    // plain registers start empty and reads are exact; with CAS, a failed EXEC may be a lost WATCH
    // race rather than a failed compare, so Knossos's cas-register (fail = no effect) judges it
    return cas ? "cas-register" : "register";
  }

  @Override
  public List<String> keys() {
    return keys;
  }

  @Override
  public OpSpec next(Random random, int process) {
    String key = keys.get(random.nextInt(keys.size()));
    int roll = random.nextInt(cas ? 3 : 2);
    return switch (roll) {
      case 0 -> new OpSpec("read", key, null);
      case 1 -> new OpSpec("write", key, (long) random.nextInt(5));
      default ->
          new OpSpec("cas", key, List.of((long) random.nextInt(5), (long) random.nextInt(5)));
    };
  }
}
