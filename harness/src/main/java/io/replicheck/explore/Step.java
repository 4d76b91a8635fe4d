package io.replicheck.explore;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One timed step of a schedule: an op window of one client, or a fault. Offsets are milliseconds
 * from the start of the run phase.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Step.Ops.class, name = "ops"),
    @JsonSubTypes.Type(value = Step.Fault.class, name = "fault")})
public sealed interface Step permits Step.Ops, Step.Fault {

  long atMillis();

  long durationMillis();

  default long endMillis() {
    return atMillis() + durationMillis();
  }

  /** This step moved to another start. */
  Step at(long newAtMillis);

  /** This step with another duration. */
  Step lasting(long newDurationMillis);

  /**
   * Client {@code client} runs the workload for {@code durationMillis}, {@code readPercent} % reads,
   * at most {@code ratePerSecond} ops a second (0: as fast as it can).
   */
  record Ops(int client, long atMillis, long durationMillis, int readPercent, int ratePerSecond) implements Step {
    public Ops(int client, long atMillis, long durationMillis, int readPercent) {
      this(client, atMillis, durationMillis, readPercent, 0);
    }

    @Override
    public Step at(long t) {
      return new Ops(client, t, durationMillis, readPercent, ratePerSecond);
    }

    @Override
    public Step lasting(long d) {
      return new Ops(client, atMillis, d, readPercent, ratePerSecond);
    }

    /** This window on another client. */
    public Ops on(int c) {
      return new Ops(c, atMillis, durationMillis, readPercent, ratePerSecond);
    }

    @Override
    public String toString() {
      return "ops c" + client + " @" + atMillis + "ms+" + durationMillis + "ms reads " + readPercent + "%"
          + (ratePerSecond > 0 ? " " + ratePerSecond + "/s" : "");
    }
  }

  /**
   * The nemesis {@code nemesis} starts at {@code atMillis} and is healed {@code durationMillis}
   * later; {@code seed} fixes which node or link it hits.
   */
  record Fault(String nemesis, long atMillis, long durationMillis, long seed) implements Step {
    @Override
    public Step at(long t) {
      return new Fault(nemesis, t, durationMillis, seed);
    }

    @Override
    public Step lasting(long d) {
      return new Fault(nemesis, atMillis, d, seed);
    }

    @Override
    public String toString() {
      return nemesis + " @" + atMillis + "ms+" + durationMillis + "ms (seed " + seed + ")";
    }
  }
}
