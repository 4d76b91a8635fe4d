/** Renders a stored run: JUnit XML for CI (and, to come, the HTML report and the store index). */
package io.replicheck.report;
