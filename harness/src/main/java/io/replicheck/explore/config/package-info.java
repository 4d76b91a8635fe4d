/**
 * Node configuration drawn per schedule (issue 14): the replication-relevant directives of redis
 * 7.0 ({@link io.replicheck.explore.config.ConfigSpace}), narrowed to what a server accepts ({@link
 * io.replicheck.explore.config.ServerConfigProbe}), drawn into a {@link
 * io.replicheck.explore.config.NodeConfig} that renders as {@code --directive value} arguments,
 * round-trips through replay.json and shrinks one directive back to its default at a time. Not yet
 * wired into {@code Schedule} or the runner.
 */
package io.replicheck.explore.config;
