package org.pactlib.autoconfigure.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pactlib.Pact;
import org.pactlib.PactState;
import org.pactlib.registry.PactRegistry;

import org.springframework.boot.actuate.endpoint.Show;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint with a {@link PactsEndpointContributor}: contributed pacts listed beside the registry's,
 * newest first, within the limit; found and cancelled by id when the registry has none of that id.
 */
class PactsEndpointContributorTests {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final PactRegistry registry = PactRegistry.builder(this.scheduler).backgroundPolling(false).build();

	private final TableOfPacts table = new TableOfPacts();

	private final PactsEndpoint endpoint = new PactsEndpoint(this.registry, Show.ALWAYS, 100, 1000, List.of(this.table));

	@AfterEach
	void close() {
		this.registry.close();
		this.scheduler.shutdownNow();
	}

	@Test
	void listsContributedPactsBesideTheRegistrysNewestFirstWithinTheLimit() {
		this.table.add("d-old", Instant.now().minusSeconds(60));
		String local = this.registry.register(Pact.builder("Deleting /local").build().until(() -> false)).id();
		this.table.add("d-new", Instant.now().plusSeconds(60));

		PactsDescriptor all = this.endpoint.pacts(null, null, null, null);
		assertThat(all.total()).isEqualTo(3);
		assertThat(all.matched()).isEqualTo(3);
		assertThat(all.pacts()).extracting(PactDescriptor::id).containsExactly("d-new", local, "d-old");
		assertThat(all.pacts()).extracting(PactDescriptor::durable).containsExactly(true, null, true);

		PactsDescriptor two = this.endpoint.pacts(null, null, null, "2");
		assertThat(two.matched()).isEqualTo(3);
		assertThat(two.pacts()).extracting(PactDescriptor::id).containsExactly("d-new", local);
	}

	@Test
	void findsAndCancelsAContributedPactByIdWhenTheRegistryHasNone() {
		this.table.add("d-1", Instant.now());
		assertThat(this.endpoint.pact("d-1")).isNotNull().extracting(PactDescriptor::polledBy).isEqualTo("node-a");
		assertThat(this.endpoint.pact("nope")).isNull();
		assertThat(this.endpoint.cancel("d-1")).isEqualTo(new CancelledPactDescriptor("d-1", true, null));
		assertThat(this.endpoint.cancel("d-1")).isNull();
		assertThat(this.endpoint.cancel("nope")).isNull();
	}

	@Test
	void theRegistryIsAskedFirst() {
		String local = this.registry.register(Pact.builder("Deleting /local").build().until(() -> false)).id();
		this.table.add(local, Instant.now());
		assertThat(this.endpoint.pact(local).durable()).isNull();
		assertThat(this.endpoint.cancel(local)).isNotNull();
		assertThat(this.table.pending).containsKey(local);
	}

	private static final class TableOfPacts implements PactsEndpointContributor {

		private final Map<String, PactDescriptor> pending = new ConcurrentHashMap<>();

		void add(String id, Instant createdAt) {
			this.pending.put(id, new PactDescriptor(id, "storage.delete", "pact", "Deleting " + id, PactState.PENDING,
					createdAt, "PT0S", null, null, false, null, 0, 1, 0, null, null, null, null, null, true, "node-a"));
		}

		@Override
		public Page list(PactsQuery query, boolean showValues) {
			List<PactDescriptor> pacts = this.pending.values()
				.stream()
				.sorted((a, b) -> b.createdAt().compareTo(a.createdAt()))
				.limit(query.limit())
				.toList();
			return new Page(this.pending.size(), this.pending.size(), pacts);
		}

		@Override
		public Optional<PactDescriptor> find(String id, boolean showValues) {
			return Optional.ofNullable(this.pending.get(id));
		}

		@Override
		public Optional<CancelledPactDescriptor> cancel(String id) {
			return (this.pending.remove(id) != null) ? Optional.of(new CancelledPactDescriptor(id, true, null))
					: Optional.empty();
		}

	}

}
