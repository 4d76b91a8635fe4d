/**
 * Generated schedules, shrinking and replay: the property "for every schedule of writes and faults,
 * every replication invariant holds" as a generated, shrinking test.
 *
 * <p>{@link io.replicheck.explore.ScheduleGen} draws a {@link io.replicheck.explore.Schedule}
 * (timed {@link io.replicheck.runner.OpWindow}s per client and {@link
 * io.replicheck.runner.ScheduledFault}s named as the harness's nemeses, plus cluster and workload
 * options) from a seed and user weights, with the project's own engine ({@code io.replicheck.gen}).
 * An {@link io.replicheck.explore.Explorer} runs schedules through a {@link
 * io.replicheck.explore.ScheduleExecutor} (real runs, or a fake in unit tests); on the first
 * failure {@link io.replicheck.explore.ScheduleShrinker} removes faults and steps, shortens waits,
 * and reduces clients, keys and value sizes, re-running each candidate up to k times, and {@link
 * io.replicheck.explore.Replay} writes {@code replay.json}, which {@code replicheck replay} re-runs
 * with one command.
 */
package io.replicheck.explore;
