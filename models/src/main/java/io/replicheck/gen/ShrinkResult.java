package io.replicheck.gen;

/**
 * The outcome of shrinking.
 *
 * @param original the failing value shrinking started from
 * @param shrunk the smallest failing value found (the original when nothing smaller failed)
 * @param candidatesTried how many candidates were tested
 * @param steps how many times a smaller failing value was accepted
 * @param budgetExhausted true when the budget stopped the search before a local minimum
 */
public record ShrinkResult<T>(
    T original, T shrunk, int candidatesTried, int steps, boolean budgetExhausted) {}
