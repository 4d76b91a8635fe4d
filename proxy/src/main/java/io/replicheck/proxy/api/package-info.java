/**
 * Toxiproxy's HTTP API (2.x): the same routes, JSON bodies, field names, defaults and status codes,
 * served with the JDK's HTTP server. Errors are {@code {"error": "...", "status": N}}.
 */
package io.replicheck.proxy.api;
