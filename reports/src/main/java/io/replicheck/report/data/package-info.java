/**
 * A stored run as the report reads it. The run record itself is models' ({@code
 * io.replicheck.history}: events read by {@code JsonlFormat}, paired into ops by {@code History};
 * {@code io.replicheck.checker.Counterexample.Written}); this package adds only what drawing needs:
 * ops placed in time ({@link io.replicheck.report.data.DrawnOp}), nemesis bands, replication
 * samples, the results, and the staleness of replica reads. {@link
 * io.replicheck.report.data.RunReader} is the only class here that touches files; the rest is pure.
 */
package io.replicheck.report.data;
