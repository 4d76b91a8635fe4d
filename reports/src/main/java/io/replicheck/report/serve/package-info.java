/** Serves a store folder over HTTP on the loopback interface, rendering reports on demand. */
package io.replicheck.report.serve;
