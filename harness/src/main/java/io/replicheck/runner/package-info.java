/**
 * The runner: one run from spec to verdict, in bounded phases (setup, run, heal, quiesce, final
 * reads, check, report), always cleaning up what it started.
 */
package io.replicheck.runner;
