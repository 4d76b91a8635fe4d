/**
 * The chaos proxy: a TCP proxy that speaks Toxiproxy's HTTP API, so Toxiproxy's clients drive it
 * unchanged. {@link io.replicheck.proxy.ChaosProxyServer} starts one in-process; {@link
 * io.replicheck.proxy.ProxyMain} runs it standalone with toxiproxy-server's flags.
 */
package io.replicheck.proxy;
