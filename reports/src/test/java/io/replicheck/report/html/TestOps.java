package io.replicheck.report.html;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.Op;
import io.replicheck.report.data.DrawnOp;

/** Drawn ops built by hand for tests: models' events paired into an op, placed in time. */
final class TestOps {
  private TestOps() {}

  /**
   * {@code completeIndex} -1: the history ended before it completed; {@code value} the
   * completion's.
   */
  static DrawnOp op(
      int process,
      String f,
      String key,
      long invokeIndex,
      long completeIndex,
      String type,
      long invokeTime,
      long completeTime,
      String node,
      Object value,
      String error) {
    Event invoke =
        new Event(
            invokeIndex, (long) process, EventType.INVOKE, f, key, null, invokeTime, node, null, 0);
    Event done =
        completeIndex < 0
            ? null
            : new Event(
                completeIndex,
                (long) process,
                EventType.fromWire(type),
                f,
                key,
                value,
                completeTime,
                node,
                error,
                0);
    return new DrawnOp(
        new Op(0, invoke, done, 0, done == null ? Integer.MAX_VALUE : 1), invokeTime, completeTime);
  }
}
