package io.replicheck.server.core;

/**
 * The master client's replies on a replica: none is sent, but the first error of the command being
 * applied is kept on the client, as redis's {@code afterErrorReply} notices it. A command of the
 * master's stream that fails on the replica means the replica's data is not the master's: the
 * replication layer logs it as redis does ({@code == CRITICAL == This replica is sending an error
 * to its master}).
 */
final class MasterReplySink extends DiscardingReplySink {
  private final Client client;

  MasterReplySink(Client client) {
    this.client = client;
  }

  @Override
  public void error(String text) {
    if (client.masterError == null)
      client.masterError = new Client.StreamError(text, client.lastCommand);
  }
}
