/** Jepsen/Knossos EDN export of a history. */
package io.replicheck.report.edn;
