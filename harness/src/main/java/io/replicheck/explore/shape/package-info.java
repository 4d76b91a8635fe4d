/**
 * Data shapes drawn per schedule (issue 14): how large values are, how many keys a node holds
 * before the run phase (so a full sync takes seconds), the rate clients write at over time, and the
 * db they use. {@link io.replicheck.explore.shape.DataShape} is the drawn value, {@link
 * io.replicheck.explore.shape.Preloader} writes the preload. Not yet wired into {@code Schedule} or
 * the runner.
 */
package io.replicheck.explore.shape;
