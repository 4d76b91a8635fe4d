package io.replicheck.gen;

/** A generator could not produce a value (e.g. a filter that never held). */
public final class GenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GenException(String message) {
    super(message);
  }
}
