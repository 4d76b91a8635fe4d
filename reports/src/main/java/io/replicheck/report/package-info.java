/**
 * Renders a stored run for people and CI: {@link io.replicheck.report.RunReport} writes {@code
 * report.html}, {@link io.replicheck.report.StoreIndex} writes {@code store/index.html}, {@link
 * io.replicheck.report.JunitXml} writes {@code junit.xml}.
 */
package io.replicheck.report;
