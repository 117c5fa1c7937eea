package org.pactlib.registry;

import java.time.Instant;

import org.pactlib.PactBase;

/**
 * A pact as a {@link PactRegistry} knows it: its id, its name and the pact itself.
 */
public interface RegisteredPact {

	/**
	 * Returns the id the registry gave the pact, unique within the registry.
	 * @return the id
	 */
	String id();

	/**
	 * Returns the low-cardinality name of the kind of operation (for metrics and per-name defaults).
	 * @return the name
	 */
	String name();

	/**
	 * Returns the pact or group.
	 * @return the pact
	 */
	PactBase pact();

	/**
	 * Returns when the registry first found the pact still pending after its deadline.
	 * @return the instant on the registry's clock, or {@code null} while it is not overdue
	 */
	Instant overdueSince();

}
