package org.pactlib.sample.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.pactlib.PactClock;

import org.springframework.stereotype.Component;

/**
 * The storage API of the user guide: {@link #deleteAsync} starts deleting a directory tree and returns
 * an operation id at once, {@link #isDeleteFinished} says whether it is done. The delete is throttled
 * to {@code sample.storage.delay-per-file} per file or directory, measured on the {@link PactClock}:
 * each call of {@code isDeleteFinished} (made by the pact's condition, polled in the background)
 * deletes the entries whose time has come, deepest first, so that virtual time drives it in tests.
 */
@Component
public class Storage {

	private final PactClock clock;

	private final StorageProperties properties;

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, Operation> operations = new ConcurrentHashMap<>();

	/**
	 * Creates the storage.
	 * @param clock the clock that paces deletions
	 * @param properties the root, the delay per file and the unreadable name
	 */
	public Storage(PactClock clock, StorageProperties properties) {
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Returns the directory under which trees may be deleted.
	 * @return the absolute, normalized root
	 */
	public Path root() {
		return this.properties.root();
	}

	/**
	 * Starts deleting a file or directory tree.
	 * @param path an existing path under the root
	 * @return the operation's id
	 * @throws UncheckedIOException if the tree cannot be listed
	 */
	public long deleteAsync(Path path) {
		List<Path> entries = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(path)) {
			walk.sorted(Comparator.reverseOrder()).forEach(entries::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		long id = this.ids.incrementAndGet();
		this.operations.put(id, new Operation(entries, this.clock.nanoTime()));
		return id;
	}

	/**
	 * Deletes what is due of an operation and says whether it is done.
	 * @param id the operation's id
	 * @return whether every entry is deleted
	 * @throws UncheckedIOException if an entry could not be deleted: the operation stops there
	 * @throws NoSuchElementException if no operation in progress has that id
	 */
	public boolean isDeleteFinished(long id) {
		Operation operation = this.operations.get(id);
		if (operation == null) {
			throw new NoSuchElementException("No deletion in progress with id " + id);
		}
		try {
			if (operation.advance(this.clock.nanoTime())) {
				this.operations.remove(id);
				return true;
			}
			return false;
		}
		catch (IOException ex) {
			this.operations.remove(id);
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stops an operation: what is not deleted yet stays.
	 * @param id the operation's id
	 */
	public void stop(long id) {
		Operation operation = this.operations.remove(id);
		if (operation != null) {
			operation.stop();
		}
	}

	/**
	 * One deletion: its entries, deepest first, and how many are gone.
	 */
	private final class Operation {

		private final List<Path> entries;

		private final long startedAt;

		private int deleted;

		private boolean stopped;

		Operation(List<Path> entries, long startedAt) {
			this.entries = entries;
			this.startedAt = startedAt;
		}

		synchronized boolean advance(long now) throws IOException {
			long delay = Storage.this.properties.delayPerFile().toNanos();
			long due = (delay == 0) ? this.entries.size() : Math.min(this.entries.size(), (now - this.startedAt) / delay);
			while (!this.stopped && this.deleted < due) {
				Path entry = this.entries.get(this.deleted);
				if (entry.getFileName() != null
						&& entry.getFileName().toString().equals(Storage.this.properties.unreadableName())) {
					throw new AccessDeniedException(entry.toString(), null, "unreadable file");
				}
				Files.deleteIfExists(entry);
				this.deleted++;
			}
			return !this.stopped && this.deleted == this.entries.size();
		}

		synchronized void stop() {
			this.stopped = true;
		}

	}

}
