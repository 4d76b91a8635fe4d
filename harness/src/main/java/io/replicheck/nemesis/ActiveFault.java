package io.replicheck.nemesis;

/** A fault in effect; {@link #heal()} undoes it (idempotent, bounded). */
public interface ActiveFault {
  /** What was done, e.g. "partition n2<->n1", for the history and the report. */
  String description();

  void heal() throws Exception;

  /** An undo step that may throw. */
  @FunctionalInterface
  interface Undo {
    void run() throws Exception;
  }

  /** A fault from its description and its undo. */
  static ActiveFault of(String description, Undo undo) {
    return new ActiveFault() {
      @Override
      public String description() {
        return description;
      }

      @Override
      public void heal() throws Exception {
        undo.run();
      }
    };
  }
}
