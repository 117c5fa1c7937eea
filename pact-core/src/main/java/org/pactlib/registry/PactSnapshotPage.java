package org.pactlib.registry;

import java.util.List;

/**
 * The newest registered pacts that matched a filter, at most a limit of them, and how many matched in
 * all: what {@link PactRegistry#snapshot(java.util.function.Predicate, int)} returns. Immutable.
 *
 * @param matched how many registered pacts matched the filter (may exceed the size of {@code pacts})
 * @param pacts the newest of them, newest first
 */
public record PactSnapshotPage(int matched, List<PactSnapshot> pacts) {

	/**
	 * Creates a page, copying the list.
	 * @param matched how many pacts matched
	 * @param pacts the newest of them, newest first
	 */
	public PactSnapshotPage {
		pacts = List.copyOf(pacts);
	}

}
