/**
 * The reference Redis-compatible server: {@link io.replicheck.server.ServerMain} (redis-server's
 * command line), {@link io.replicheck.server.ReferenceServer} (one running instance, embeddable),
 * its log format and the {@link io.replicheck.server.ServerExtension} hook other packages plug in
 * through.
 */
package io.replicheck.server;
