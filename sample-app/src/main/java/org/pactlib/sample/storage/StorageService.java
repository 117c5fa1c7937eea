package org.pactlib.sample.storage;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.pactlib.Pact;
import org.pactlib.PactGroup;
import org.pactlib.registry.PactFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * Deletes directory trees and returns pacts that end with them: the user guide's
 * {@code pactDeleteAsync}, registered and polled in the background. A deletion that cannot delete a
 * file fails with the {@link UncheckedIOException} that says why; a cancelled one stops where it is.
 */
@Service
public class StorageService {

	/**
	 * The name of deletion pacts.
	 */
	public static final String DELETE = "storage.delete";

	/**
	 * The name of batch groups.
	 */
	public static final String BATCH = "storage.batch";

	private static final Logger logger = LoggerFactory.getLogger(StorageService.class);

	private final PactFactory pacts;

	private final Storage storage;

	/**
	 * Creates the service.
	 * @param pacts the factory of registered pacts
	 * @param storage the storage that deletes
	 */
	public StorageService(PactFactory pacts, Storage storage) {
		this.pacts = pacts;
		this.storage = storage;
	}

	/**
	 * Starts deleting a tree, with the name's default deadline.
	 * @param path an existing path under the root
	 * @return the deletion's pact
	 */
	public Pact delete(Path path) {
		return builder(path, this.storage.deleteAsync(path)).create();
	}

	/**
	 * Starts deleting a tree that should be gone within a deadline; past it, the pact is overdue (and
	 * still polled: it may finish).
	 * @param path an existing path under the root
	 * @param deadline how long the deletion may take
	 * @return the deletion's pact
	 */
	public Pact deleteWithin(Path path, Duration deadline) {
		return builder(path, this.storage.deleteAsync(path)).timeout(deadline)
			.onTimeout(() -> logger.warn("Deleting {} takes longer than {}", path, deadline))
			.create();
	}

	/**
	 * Starts deleting a tree from the application task executor: the caller gets a pact at once, named
	 * {@code StorageService.deleteInBackground}, that ends with the one this body returns.
	 * @param path an existing path under the root
	 * @return the deletion's pact
	 */
	@Async
	public Pact deleteInBackground(Path path) {
		return delete(path);
	}

	/**
	 * Starts deleting several trees, each with a pact of its own, in a group that finishes once all
	 * have; cancelling the group cancels the deletions still pending.
	 * @param paths existing paths under the root
	 * @return the batch's group
	 */
	public PactGroup deleteAll(List<Path> paths) {
		List<Pact> members = new ArrayList<>();
		try {
			for (Path path : paths) {
				members.add(delete(path));
			}
		}
		catch (RuntimeException ex) {
			members.forEach(Pact::cancel);
			throw ex;
		}
		return this.pacts.group(BATCH, members);
	}

	private PactFactory.Builder builder(Path path, long operationId) {
		return this.pacts.builder("Deleting " + path)
			.name(DELETE)
			.until(() -> this.storage.isDeleteFinished(operationId))
			.failOn(UncheckedIOException.class)
			.then(() -> logger.info("Deleted {}", path))
			.lastly(() -> this.storage.stop(operationId));
	}

}
