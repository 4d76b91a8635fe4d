/**
 * A small HTTP client for this proxy's API, for what toxiproxy-java cannot express (the {@code
 * partition} toxic) and for callers that would rather not depend on it. Works against any server
 * speaking Toxiproxy's API for the standard parts.
 */
package io.replicheck.proxy.client;
