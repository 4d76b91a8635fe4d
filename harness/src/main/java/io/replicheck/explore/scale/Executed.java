package io.replicheck.explore.scale;

import io.replicheck.explore.Outcome;
import io.replicheck.explore.Schedule;

/**
 * One schedule an exploration ran: what the summary, the matrix and merge are made of.
 *
 * @param index the schedule's number in the exploration, from 0 (its seed is {@code seed+index})
 * @param seed its seed
 * @param server the server it ran on ("reference" or a binary path)
 * @param schedule the schedule
 * @param outcome what the run found
 * @param elapsedMs when it finished, from the start of the exploration
 */
public record Executed(
    long index, long seed, String server, Schedule schedule, Outcome outcome, long elapsedMs) {}
