package org.pactlib.autoconfigure.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactSnapshot;
import org.pactlib.registry.PactSnapshotPage;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code pacts} endpoint: the pacts pending in the {@link PactRegistry}, newest first, one of them,
 * and cancelling one. Over HTTP, {@link PactsEndpointWebExtension} answers instead (with 400 and 404
 * statuses and {@code when-authorized} values); here, as with Boot's own endpoints over JMX, values
 * are shown unless {@code show-values} is {@code never}.
 */
@Endpoint(id = "pacts")
public class PactsEndpoint {

	private final PactRegistry registry;

	private final Show showValues;

	private final int defaultLimit;

	private final int maxLimit;

	private final List<PactsEndpointContributor> contributors;

	/**
	 * Creates the endpoint.
	 * @param registry the registry whose pacts it shows
	 * @param showValues when descriptions, failures and exception messages are shown
	 * @param defaultLimit how many pacts a list shows when the request gives no limit
	 * @param maxLimit the largest limit a request may give
	 */
	public PactsEndpoint(PactRegistry registry, Show showValues, int defaultLimit, int maxLimit) {
		this(registry, showValues, defaultLimit, maxLimit, List.of());
	}

	/**
	 * Creates the endpoint, with pacts the registry does not hold beside the registry's.
	 * @param registry the registry whose pacts it shows
	 * @param showValues when descriptions, failures and exception messages are shown
	 * @param defaultLimit how many pacts a list shows when the request gives no limit
	 * @param maxLimit the largest limit a request may give
	 * @param contributors the other sources of pacts, asked after the registry
	 */
	public PactsEndpoint(PactRegistry registry, Show showValues, int defaultLimit, int maxLimit,
			List<PactsEndpointContributor> contributors) {
		this.registry = registry;
		this.showValues = showValues;
		this.defaultLimit = defaultLimit;
		this.maxLimit = maxLimit;
		this.contributors = List.copyOf(contributors);
	}

	/**
	 * Lists the newest pending pacts that match the query, newest first.
	 * @param state only pacts in this state ({@code pending}, ...), or {@code null}
	 * @param name only pacts of this name, or {@code null}
	 * @param overdue {@code true} for only overdue pacts, {@code false} for only the others, or {@code null}
	 * @param limit how many to list at most, or {@code null} for the default
	 * @return the list, with how many matched
	 * @throws InvalidEndpointRequestException if a parameter is invalid
	 */
	@ReadOperation
	public PactsDescriptor pacts(@Nullable String state, @Nullable String name, @Nullable String overdue,
			@Nullable String limit) {
		return pacts(query(state, name, overdue, limit), this.showValues.isShown(true));
	}

	/**
	 * Describes one pending pact.
	 * @param id the registry's id
	 * @return the pact, or {@code null} (404 over HTTP) if no pending pact has that id
	 */
	@ReadOperation
	public @Nullable PactDescriptor pact(@Selector String id) {
		return pact(id, this.showValues.isShown(true)).orElse(null);
	}

	/**
	 * Cancels one pending pact (its {@code lastly} callbacks run on this thread).
	 * @param id the registry's id
	 * @return what happened, or {@code null} if no pending pact has that id
	 */
	@DeleteOperation
	public @Nullable CancelledPactDescriptor cancel(@Selector String id) {
		return cancel(id, this.showValues.isShown(true)).orElse(null);
	}

	PactsQuery query(@Nullable String state, @Nullable String name, @Nullable String overdue,
			@Nullable String limit) {
		return PactsQuery.parse(state, name, overdue, limit, this.defaultLimit, this.maxLimit);
	}

	PactsDescriptor pacts(PactsQuery query, boolean showValues) {
		int total = this.registry.size();
		PactSnapshotPage page = this.registry.snapshot(query, query.limit());
		Instant now = now();
		List<PactDescriptor> pacts = page.pacts().stream()
			.map((snapshot) -> PactDescriptor.of(snapshot, now, showValues))
			.toList();
		if (this.contributors.isEmpty()) {
			return new PactsDescriptor(total, page.matched(), query.limit(), pacts);
		}
		int matched = page.matched();
		List<PactDescriptor> merged = new ArrayList<>(pacts);
		for (PactsEndpointContributor contributor : this.contributors) {
			PactsEndpointContributor.Page contributed = contributor.list(query, showValues);
			total += contributed.total();
			matched += contributed.matched();
			merged.addAll(contributed.pacts());
		}
		merged.sort(Comparator.comparing(PactDescriptor::createdAt).reversed());
		return new PactsDescriptor(total, matched, query.limit(),
				List.copyOf(merged.subList(0, Math.min(query.limit(), merged.size()))));
	}

	Optional<PactDescriptor> pact(String id, boolean showValues) {
		Optional<PactSnapshot> snapshot = this.registry.find(id);
		Instant now = now();
		Optional<PactDescriptor> found = snapshot.map((pact) -> PactDescriptor.of(pact, now, showValues));
		for (PactsEndpointContributor contributor : this.contributors) {
			if (found.isPresent()) {
				return found;
			}
			found = contributor.find(id, showValues);
		}
		return found;
	}

	Optional<CancelledPactDescriptor> cancel(String id, boolean showValues) {
		if (this.registry.get(id).isEmpty()) {
			for (PactsEndpointContributor contributor : this.contributors) {
				Optional<CancelledPactDescriptor> cancelled = contributor.cancel(id);
				if (cancelled.isPresent()) {
					return cancelled;
				}
			}
			return Optional.empty();
		}
		try {
			return this.registry.cancel(id) ? Optional.of(new CancelledPactDescriptor(id, true, null))
					: Optional.empty();
		}
		catch (RuntimeException ex) {
			String message = (showValues || ex.getMessage() == null) ? String.valueOf(ex) : ex.getClass().getName()
					+ ": " + PactDescriptor.MASK;
			return Optional.of(new CancelledPactDescriptor(id, true, message));
		}
	}

	Show getShowValues() {
		return this.showValues;
	}

	private Instant now() {
		return this.registry.getClock().instant();
	}

}
