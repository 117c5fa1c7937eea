package org.pactlib.sample.durable;

/**
 * The payload of a proof pact (see {@link DurableProof}).
 *
 * @param polls how many polls the pact takes to finish
 * @param workMillis how long each poll works, so that two overlapping polls of one pact would be seen
 */
public record ProofPayload(int polls, int workMillis) {

}
