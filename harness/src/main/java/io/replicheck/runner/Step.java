package io.replicheck.runner;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One timed step of a fixed schedule: a client's {@link OpWindow} or a {@link ScheduledFault}.
 * Offsets are milliseconds from the start of the drive phase. The explorer generates and shrinks
 * lists of them; the runner follows them as they are (no conversion between the two).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = OpWindow.class, name = "ops"),
  @JsonSubTypes.Type(value = ScheduledFault.class, name = "fault")
})
public sealed interface Step permits OpWindow, ScheduledFault {

  long atMillis();

  long durationMillis();

  default long endMillis() {
    return atMillis() + durationMillis();
  }

  /** This step moved to another start. */
  Step at(long newAtMillis);

  /** This step with another duration. */
  Step lasting(long newDurationMillis);
}
