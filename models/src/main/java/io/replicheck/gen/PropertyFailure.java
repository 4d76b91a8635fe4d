package io.replicheck.gen;

/** A property failed: names the seed that reproduces it, the original value and the shrunk one. */
public final class PropertyFailure extends AssertionError {
  private static final long serialVersionUID = 1L;
  private final transient ShrinkResult<?> result;
  private final long seed;

  PropertyFailure(long seed, int tryNumber, ShrinkResult<?> result, Throwable cause) {
    super(
        "property failed on try "
            + tryNumber
            + " with seed "
            + seed
            + " (re-run with .seed("
            + seed
            + "L))"
            + "\n  original: "
            + result.original()
            + "\n  shrunk:   "
            + result.shrunk()
            + "\n  shrinking: "
            + result.candidatesTried()
            + " candidates tried, "
            + result.steps()
            + " steps"
            + (result.budgetExhausted() ? " (budget exhausted)" : "")
            + "\n  error on the shrunk value: "
            + cause,
        cause);
    this.seed = seed;
    this.result = result;
  }

  public long seed() {
    return seed;
  }

  public ShrinkResult<?> result() {
    return result;
  }
}
