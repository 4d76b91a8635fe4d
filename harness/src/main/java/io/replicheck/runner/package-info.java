/**
 * The runner: one run from spec to verdict. A {@link io.replicheck.runner.RunPlan} composes the
 * parts (cluster options, workload and its model's capabilities, nemeses or a fixed schedule of
 * {@link io.replicheck.runner.Step}s, the {@link io.replicheck.runner.Checks} that apply); the
 * {@link io.replicheck.runner.Runner} runs bounded phases (setup, drive, heal, quiesce, collect,
 * check, report) over one {@link io.replicheck.runner.RunContext}, always cleaning up what it
 * started.
 */
package io.replicheck.runner;
