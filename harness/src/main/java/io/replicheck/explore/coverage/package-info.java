/**
 * Coverage-guided exploration (issue 14): the features a finished run showed (log templates, INFO
 * transitions, PSYNC outcomes, counters that moved, verdicts), the corpus of schedules that showed
 * a feature first ({@code store/corpus/<server version>/}), the policy that picks a fresh draw or a
 * mutation of a corpus entry, and the explore.html page. Nothing here runs a server: it reads a
 * run's store folder and writes the corpus and the page; the schedule type is a type parameter.
 */
package io.replicheck.explore.coverage;
