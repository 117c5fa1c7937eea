package org.pactlib.durable.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.pactlib.PactState;
import org.pactlib.autoconfigure.actuate.CancelledPactDescriptor;
import org.pactlib.autoconfigure.actuate.PactDescriptor;
import org.pactlib.autoconfigure.actuate.PactsEndpointContributor;
import org.pactlib.autoconfigure.actuate.PactsQuery;
import org.pactlib.durable.DurablePactRow;
import org.pactlib.durable.DurablePactStore;
import org.pactlib.durable.DurablePacts;

/**
 * Durable pacts in the {@code pacts} endpoint, from the table, whichever instance created them or polls
 * them: marked {@code durable}, with {@code polledBy} naming the instance that runs a poll now. A list
 * shows the pending ones (or those in the state asked for, while their rows are kept); {@code DELETE}
 * cancels one from any instance.
 */
public class DurablePactsEndpointContributor implements PactsEndpointContributor {

	private final DurablePacts pacts;

	private final DurablePactStore store;

	/**
	 * Creates the contributor.
	 * @param pacts the durable pacts, for cancelling
	 * @param store their table, for reading
	 */
	public DurablePactsEndpointContributor(DurablePacts pacts, DurablePactStore store) {
		this.pacts = pacts;
		this.store = store;
	}

	/**
	 * Lists the newest durable pacts that match the query.
	 * @param query the query
	 * @param showValues whether descriptions and failures are shown
	 * @return the page
	 */
	@Override
	public Page list(PactsQuery query, boolean showValues) {
		PactState state = (query.state() != null) ? query.state() : PactState.PENDING;
		int total = this.store.count(PactState.PENDING, null, null);
		int matched = this.store.count(state, query.name(), query.overdue());
		List<DurablePactRow> rows = this.store.list(state, query.name(), query.overdue(), query.limit());
		Instant now = this.store.getClock().instant();
		return new Page(total, matched, rows.stream().map((row) -> describe(row, now, showValues)).toList());
	}

	/**
	 * Describes one durable pact, pending or ended (while its row is kept).
	 * @param id the pact's id
	 * @param showValues whether descriptions and failures are shown
	 * @return the pact, or empty if no row has that id
	 */
	@Override
	public Optional<PactDescriptor> find(String id, boolean showValues) {
		Instant now = this.store.getClock().instant();
		return this.store.find(id).map((row) -> describe(row, now, showValues));
	}

	/**
	 * Cancels a pending durable pact; its {@code lastly} handlers run on the instance that polls it next.
	 * @param id the pact's id
	 * @return cancelled, or empty if no pending durable pact has that id
	 */
	@Override
	public Optional<CancelledPactDescriptor> cancel(String id) {
		return this.pacts.cancel(id) ? Optional.of(new CancelledPactDescriptor(id, true, null)) : Optional.empty();
	}

	static PactDescriptor describe(DurablePactRow row, Instant now, boolean showValues) {
		Instant deadline = row.deadline();
		String timeLeft = (deadline != null) ? Duration.between(now, deadline).toString() : null;
		return new PactDescriptor(row.id(), row.name(), "pact", PactDescriptor.mask(row.description(), showValues),
				row.state(), row.created(), Duration.between(row.created(), now).toString(), deadline, timeLeft,
				row.overdueSince() != null, row.overdueSince(), (row.state() == PactState.FINISHED) ? 1 : 0, 1,
				row.polls(), row.lastPolled(), null, null, PactDescriptor.mask(row.failure(), showValues), null,
				Boolean.TRUE, row.polledBy());
	}

}
