package io.replicheck.proxy.toxic;

import io.netty.buffer.ByteBuf;

/** Where a stream's data goes after its toxics: the destination socket. */
public interface Sink {
  /** Writes the bytes (ownership passes to the sink). */
  void write(ByteBuf data);

  /** The stream ended: close the connection once written data is flushed. */
  void end();

  /** Abort the connection with a TCP RST (Toxiproxy's reset_peer: SO_LINGER 0, then close). */
  void reset();

  /** Bytes held by the toxics went down (written or dropped): a paused source may read again. */
  default void progress() {}
}
