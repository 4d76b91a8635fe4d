package io.replicheck.proxy.toxic;

/** A toxic that did not apply to this connection (its toxicity roll missed): Toxiproxy's noop. */
final class PassStage extends Stage {
  PassStage(ToxicSpec spec, Link link) {
    super(spec, link, null);
  }

  @Override
  public void data(Chunk chunk) {
    out.data(chunk);
  }
}
