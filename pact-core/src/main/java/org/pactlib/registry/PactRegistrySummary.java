package org.pactlib.registry;

import java.time.Instant;
import java.util.Map;

import org.pactlib.PactState;

/**
 * Counts of the pacts a {@link PactRegistry} holds at one moment, taken in one pass without building
 * snapshots: for health checks and gauges. Immutable.
 *
 * @param total how many pacts are registered
 * @param byState how many are in each state (every state is a key; ended pacts leave the registry at
 * once, so the others than {@code PENDING} are at most the few caught leaving)
 * @param overdue how many were found pending after their deadline
 * @param oldestCreatedAt when the oldest pending pact was created, or {@code null} when none is pending
 */
public record PactRegistrySummary(int total, Map<PactState, Integer> byState, int overdue, Instant oldestCreatedAt) {

	/**
	 * Creates a summary, copying the map.
	 * @param total how many pacts are registered
	 * @param byState how many are in each state
	 * @param overdue how many are overdue
	 * @param oldestCreatedAt when the oldest pending pact was created, or {@code null}
	 */
	public PactRegistrySummary {
		byState = Map.copyOf(byState);
	}

}
