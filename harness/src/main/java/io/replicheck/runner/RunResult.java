package io.replicheck.runner;

import io.replicheck.checker.Verdict;
import io.replicheck.invariant.InvariantResult;
import java.nio.file.Path;
import java.util.List;

/** The outcome of a run: the overall verdict, each invariant's, and where the run is stored. */
public record RunResult(
    Verdict verdict, List<InvariantResult> invariants, Path dir, String summary) {}
