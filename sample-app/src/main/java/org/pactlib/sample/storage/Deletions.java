package org.pactlib.sample.storage;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import org.pactlib.PactBase;
import org.pactlib.PactFailedException;
import org.pactlib.registry.PactRegistryListener;
import org.pactlib.registry.RegisteredPact;

import org.springframework.stereotype.Component;

/**
 * The deletions started through the REST API, by the registry id of their pact: ended pacts leave the
 * registry at once, so this keeps the latest {@value #KEPT} to say how they ended. As a registry
 * listener it learns the id of each pact when it is registered.
 */
@Component
public class Deletions implements PactRegistryListener {

	/**
	 * How many deletions are kept, the oldest dropped first.
	 */
	public static final int KEPT = 1000;

	private final Map<PactBase, String> ids = Collections.synchronizedMap(new WeakHashMap<>());

	private final Map<String, Deletion> deletions = new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Deletion> eldest) {
			return size() > KEPT;
		}

	};

	/**
	 * Remembers the id of a registered pact.
	 * @param pact the registered pact
	 */
	@Override
	public void registered(RegisteredPact pact) {
		this.ids.put(pact.pact(), pact.id());
	}

	/**
	 * Records a deletion whose pact was just created.
	 * @param kind how it was started: {@code plain}, {@code deadline}, {@code async} or {@code batch}
	 * @param paths the deleted paths
	 * @param pact its pact, registered
	 * @return the deletion
	 */
	public Deletion add(String kind, List<Path> paths, PactBase pact) {
		String id = this.ids.remove(pact);
		if (id == null) {
			throw new IllegalStateException("The pact of the deletion is not registered: " + pact);
		}
		Deletion deletion = new Deletion(id, kind, paths.stream().map(Path::toString).toList(), pact);
		synchronized (this.deletions) {
			this.deletions.put(id, deletion);
		}
		return deletion;
	}

	/**
	 * Returns a deletion.
	 * @param id its pact's registry id
	 * @return the deletion, or empty if none of the kept ones has that id
	 */
	public Optional<Deletion> find(String id) {
		synchronized (this.deletions) {
			return Optional.ofNullable(this.deletions.get(id));
		}
	}

	/**
	 * Returns the kept deletions, newest first.
	 * @return the deletions
	 */
	public List<Deletion> list() {
		List<Deletion> list;
		synchronized (this.deletions) {
			list = new ArrayList<>(this.deletions.values());
		}
		Collections.reverse(list);
		return list;
	}

	/**
	 * A deletion and its pact.
	 * @param id the pact's registry id
	 * @param kind how it was started
	 * @param paths the deleted paths
	 * @param pact the pact (a group for a batch)
	 */
	public record Deletion(String id, String kind, List<String> paths, PactBase pact) {

		/**
		 * Describes the deletion as the REST API shows it.
		 * @return its id, kind, paths, state, times and failure
		 */
		public View view() {
			PactFailedException failure = this.pact.getFailure();
			return new View(this.id, this.kind, this.paths, this.pact.state().name(), this.pact.getCreatedAt(),
					this.pact.getDeadline(), this.pact.isDeadlinePassed(),
					(failure != null) ? failure.getMessage() : null);
		}

	}

	/**
	 * A deletion as the REST API shows it.
	 * @param id the pact's registry id
	 * @param kind how it was started
	 * @param paths the deleted paths
	 * @param state {@code PENDING}, {@code FINISHED}, {@code FAILED} or {@code CANCELLED}
	 * @param createdAt when it started
	 * @param deadline when it should be done, or {@code null}
	 * @param deadlinePassed whether the deadline has passed
	 * @param failure why it failed, or {@code null}
	 */
	public record View(String id, String kind, List<String> paths, String state, Instant createdAt,
			Instant deadline, boolean deadlinePassed, String failure) {
	}

}
