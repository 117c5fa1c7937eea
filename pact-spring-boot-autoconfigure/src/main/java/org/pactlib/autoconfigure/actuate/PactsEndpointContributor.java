package org.pactlib.autoconfigure.actuate;

import java.util.List;
import java.util.Optional;

import org.pactlib.registry.PactRegistry;

/**
 * Pacts that the {@link PactRegistry} does not hold (durable pacts kept in a database, for one), which the
 * {@code pacts} endpoint lists, shows and cancels beside the registry's own. A bean of this type is
 * picked up by the endpoint's auto-configuration. Called on the request's thread; must be thread-safe.
 */
public interface PactsEndpointContributor {

	/**
	 * Lists the newest contributed pacts that match the query, newest first.
	 * @param query the checked query (its limit applies)
	 * @param showValues whether descriptions and failures are shown (else {@link PactDescriptor#MASK})
	 * @return the page
	 */
	Page list(PactsQuery query, boolean showValues);

	/**
	 * Describes one contributed pact.
	 * @param id its id
	 * @param showValues whether descriptions and failures are shown
	 * @return the pact, or empty if this contributor has none of that id
	 */
	Optional<PactDescriptor> find(String id, boolean showValues);

	/**
	 * Cancels one contributed pact if it is pending.
	 * @param id its id
	 * @return what happened, or empty if this contributor has no pending pact of that id
	 */
	Optional<CancelledPactDescriptor> cancel(String id);

	/**
	 * One page of contributed pacts.
	 *
	 * @param total how many pending pacts the contributor holds
	 * @param matched how many matched the query
	 * @param pacts the newest matching ones, newest first, at most the query's limit
	 */
	record Page(int total, int matched, List<PactDescriptor> pacts) {

	}

}
