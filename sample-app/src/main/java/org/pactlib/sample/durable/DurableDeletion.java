package org.pactlib.sample.durable;

/**
 * The payload of a durable deletion, kept as JSON in the pact's row.
 *
 * @param path the absolute path of the tree to delete
 * @param entriesPerPoll how many entries one poll deletes, deepest first
 */
public record DurableDeletion(String path, int entriesPerPoll) {

}
