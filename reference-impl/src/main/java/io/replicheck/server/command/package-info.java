/**
 * The commands of redis 7.0 the reference server implements, grouped by data type, each with
 * redis's replies, error texts and propagation. {@link io.replicheck.server.command.Commands}
 * registers them all in a {@link io.replicheck.server.core.CommandTable}.
 */
package io.replicheck.server.command;
