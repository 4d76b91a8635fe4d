/** The command line: {@code bin/replicheck} and its subcommands (picocli). */
package io.replicheck.cli;
