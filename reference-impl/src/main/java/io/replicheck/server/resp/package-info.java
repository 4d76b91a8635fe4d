/**
 * RESP2/RESP3 wire format: an incremental request parser that never allocates what a peer merely
 * announced ({@link io.replicheck.server.resp.RespParser}), the reply sink the command core writes
 * to ({@link io.replicheck.server.resp.ReplySink}) and its ByteBuf and recording implementations.
 */
package io.replicheck.server.resp;
