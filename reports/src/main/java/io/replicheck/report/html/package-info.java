/**
 * The HTML pieces of a report: inline SVG timeline and plots, tables, and the page that holds them,
 * with its stylesheet and script (resources report.css and report.js). Pure string building from a
 * {@link io.replicheck.report.data.RunData}; no I/O. The script zooms the timeline, makes the plots
 * over run time follow it ({@link io.replicheck.report.html.TimePlot}) and draws the ops of a large
 * history for the zoom window from compact data ({@link io.replicheck.report.html.OpData}).
 */
package io.replicheck.report.html;
