/**
 * The project's own property-testing engine: seeded generators ({@link io.replicheck.gen.Gen}),
 * integrated shrinking over rose trees ({@link io.replicheck.gen.Shrinkable}), a bounded greedy
 * shrinker ({@link io.replicheck.gen.Shrinker}) and a property runner usable from JUnit 5 ({@link
 * io.replicheck.gen.Property}).
 *
 * <p>Every value is drawn from a {@link java.util.SplittableRandom} seeded with a long, so the same
 * seed gives the same values. A generated value carries its own shrink candidates (Hedgehog-style
 * integrated shrinking), so {@code map}, {@code flatMap} and {@code filter} keep shrinking without
 * inverse functions. Lists shrink by removing chunks (halves, quarters, ... single elements, as in
 * delta debugging), then element by element; integers shrink toward zero (or the bound nearest to
 * it). The engine does no I/O: the harness's schedule shrinker reuses it with real runs as the
 * predicate.
 */
package io.replicheck.gen;
