/**
 * Configuration as redis-server has it: a registry of parameters ({@link
 * io.replicheck.server.config.ConfigRegistry}) that startup parsing (redis.conf and {@code
 * --directive value} arguments) and CONFIG GET/SET share, so other packages (replication) add their
 * parameters in one place.
 */
package io.replicheck.server.config;
