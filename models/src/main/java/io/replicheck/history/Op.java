package io.replicheck.history;

/**
 * An invoke paired with its completion. An op whose completion is info, or that never completed,
 * may take effect at any time after its invoke, or never; a failed op had no effect.
 *
 * @param id position among the history's client ops (0-based)
 * @param invoke the invoke event
 * @param completion the ok, fail or info event, or null when the history ends first
 * @param invokePos position of the invoke in the history's event list
 * @param completionPos position of the completion, or {@link Integer#MAX_VALUE} when missing
 */
public record Op(int id, Event invoke, Event completion, int invokePos, int completionPos) {

  /** The outcome of the op: OK, FAIL or INFO (a missing completion counts as INFO). */
  public EventType outcome() {
    return completion == null ? EventType.INFO : completion.type();
  }

  public boolean isOk() {
    return outcome() == EventType.OK;
  }

  public boolean isFail() {
    return outcome() == EventType.FAIL;
  }

  /** True for info and missing completions: the op may or may not have taken effect. */
  public boolean isUnknown() {
    return outcome() == EventType.INFO;
  }

  public Object process() {
    return invoke.process();
  }

  public String f() {
    return invoke.f();
  }

  public Object key() {
    return invoke.key();
  }

  /** The value the client sent (the invoke's value). */
  public Object input() {
    return invoke.value();
  }

  /** The value the client got back (the completion's value), null when there is none. */
  public Object output() {
    return completion == null ? null : completion.value();
  }

  /**
   * The value that describes what happened, as Knossos sees it: the completion's value for an ok op
   * (a read's result), the invoke's value otherwise.
   */
  public Object value() {
    return isOk() ? completion.value() : invoke.value();
  }

  @Override
  public String toString() {
    return "op "
        + id
        + " (process "
        + process()
        + ", "
        + f()
        + (key() == null ? "" : " " + Values.show(key()))
        + " "
        + Values.show(value())
        + " -> "
        + outcome().wireName()
        + ", events "
        + invoke.index()
        + (completion == null ? "" : ".." + completion.index())
        + ")";
  }
}
