/**
 * Exploration past one schedule at a time: {@link io.replicheck.explore.scale.ParallelExplorer}
 * (lanes of {@link io.replicheck.explore.Explorer} on one machine), {@link
 * io.replicheck.explore.scale.Shard} (every n-th schedule, for CI matrices and Kubernetes Indexed
 * Jobs), {@link io.replicheck.explore.scale.StoreMerge} (their stores joined), {@link
 * io.replicheck.explore.scale.ServerMatrix} (the same schedules on several servers) and the
 * machine-readable {@link io.replicheck.explore.scale.ExploreSummary}. See docs/scaling.md.
 */
package io.replicheck.explore.scale;
