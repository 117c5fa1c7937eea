package org.pactlib.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.pactlib.PactBase;

/**
 * The pacts a registry lists, by id: what lookups, snapshots and shutdown see. Thread-safe; a
 * snapshot is built from copies read without stopping any poller.
 */
final class RegisteredPacts {

	/** Keyed by the entries themselves (equal by id), looked up by an {@link IdKey}: no boxed keys. */
	private final ConcurrentHashMap<Object, RegistryEntry> entries = new ConcurrentHashMap<>();

	void add(RegistryEntry entry) {
		this.entries.put(entry, entry);
	}

	/**
	 * Takes an entry out.
	 * @return whether it was listed (so this call took it out)
	 */
	boolean remove(RegistryEntry entry) {
		return this.entries.remove(entry, entry);
	}

	/**
	 * Returns the entry of an id, or {@code null} for an unknown or malformed id.
	 */
	RegistryEntry get(String id) {
		try {
			return this.entries.get(new IdKey(Long.parseLong(id)));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Returns the entry of a pact, or {@code null}; O(number of entries).
	 */
	RegistryEntry find(PactBase pact) {
		for (RegistryEntry entry : this.entries.values()) {
			if (entry.pact == pact) {
				return entry;
			}
		}
		return null;
	}

	/**
	 * Returns the entries in registration order.
	 */
	List<RegistryEntry> inOrder() {
		List<RegistryEntry> registered = new ArrayList<>(this.entries.values());
		registered.sort(Comparator.comparingLong((entry) -> entry.id));
		return registered;
	}

	/**
	 * Returns a snapshot of every listed pact still pending, in registration order.
	 */
	List<PactSnapshot> snapshot() {
		List<RegistryEntry> registered = inOrder();
		List<PactSnapshot> snapshots = new ArrayList<>(registered.size());
		for (RegistryEntry entry : registered) {
			PactBase pact = entry.pact;
			if (pact != null) {
				snapshots.add(PactSnapshots.of(entry, pact));
			}
		}
		return List.copyOf(snapshots);
	}

	int size() {
		return this.entries.size();
	}

	boolean isEmpty() {
		return this.entries.isEmpty();
	}

	/**
	 * Looks an entry up by id: equal to the entry of that id, with the same hash.
	 */
	private record IdKey(long id) {

		@Override
		public boolean equals(Object other) {
			return other instanceof RegistryEntry entry && entry.id == this.id
					|| other instanceof IdKey key && key.id == this.id;
		}

		@Override
		public int hashCode() {
			return Long.hashCode(this.id);
		}

	}

}
