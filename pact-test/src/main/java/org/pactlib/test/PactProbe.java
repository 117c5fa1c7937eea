package org.pactlib.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.pactlib.PactBase;
import org.pactlib.PactState;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactRegistryListener;
import org.pactlib.registry.RegisteredPact;

/**
 * Records the pacts registered in a {@link PactRegistry}, by name, and how each ended: for a test to
 * assert on what a service started, even on pacts the service never returned. Add it as a listener
 * ({@code builder.listener(probe)}, {@code registry.addListener(probe)}, or as a bean with
 * {@code @AutoConfigurePacts}, which also {@linkplain #clear() clears} it before each test).
 *
 * <p>It keeps the pacts it saw (and so their callbacks) until cleared. Thread-safe: the registry
 * tells it of events on any thread, and a test may read it meanwhile.
 */
public final class PactProbe implements PactRegistryListener {

	private final List<Record> records = new ArrayList<>();

	private final List<Throwable> pollFailures = new ArrayList<>();

	/**
	 * Forgets every pact recorded so far.
	 */
	public synchronized void clear() {
		this.records.clear();
		this.pollFailures.clear();
	}

	/**
	 * Records a pact the registry registered, under its name.
	 */
	@Override
	public synchronized void registered(RegisteredPact pact) {
		this.records.add(new Record(pact.id(), pact.name(), pact.pact()));
	}

	/**
	 * Records how a recorded pact ended; a pact registered before the last {@link #clear()} is ignored.
	 */
	@Override
	public synchronized void ended(RegisteredPact pact, PactState outcome) {
		Record record = find(pact.id());
		if (record != null) {
			record.outcome = outcome;
		}
	}

	/**
	 * Records that a recorded pact was handed over: it is no longer {@linkplain #pending() pending}
	 * here, and no end will be recorded for it.
	 */
	@Override
	public synchronized void unregistered(RegisteredPact pact) {
		Record record = find(pact.id());
		if (record != null) {
			record.handedOver = true;
		}
	}

	/**
	 * Records what a background poll of a registered pact threw (a condition or a callback of it),
	 * which no caller of {@code pollDue()} or {@code advance} sees otherwise.
	 */
	@Override
	public synchronized void pollFailed(RegisteredPact pact, Throwable failure) {
		this.pollFailures.add(failure);
	}

	/**
	 * Returns what the registry's polls threw since the probe was created or cleared: conditions that
	 * threw an exception not taken as "not yet", and callbacks that threw.
	 * @return an immutable list, in the order thrown
	 */
	public synchronized List<Throwable> pollFailures() {
		return List.copyOf(this.pollFailures);
	}

	private Record find(String id) {
		for (Record record : this.records) {
			if (record.id.equals(id)) {
				return record;
			}
		}
		return null;
	}

	/**
	 * Returns every pact registered since the probe was created or cleared, in registration order,
	 * handed-over ones included.
	 * @return an immutable list
	 */
	public synchronized List<PactBase> created() {
		return this.records.stream().map((record) -> record.pact).toList();
	}

	/**
	 * Returns the pacts registered under a name since the probe was created or cleared, in
	 * registration order.
	 * @param name the registry name, such as {@code report.export}
	 * @return an immutable list, empty if none
	 */
	public synchronized List<PactBase> created(String name) {
		Objects.requireNonNull(name, "name");
		return this.records.stream().filter((record) -> record.name.equals(name)).map((record) -> record.pact).toList();
	}

	/**
	 * Returns the one pact registered under a name.
	 * @param name the registry name
	 * @return the pact
	 * @throws AssertionError if none or more than one was registered under that name; the message lists
	 * the names that were
	 */
	public synchronized PactBase single(String name) {
		List<PactBase> pacts = created(name);
		if (pacts.size() != 1) {
			throw new AssertionError("Expected one pact named \"" + name + "\" to have been registered, but there were "
					+ pacts.size() + pacts + "; registered: " + this);
		}
		return pacts.get(0);
	}

	/**
	 * Returns the names of the pacts registered, in registration order, one per pact.
	 * @return an immutable list
	 */
	public synchronized List<String> names() {
		return this.records.stream().map((record) -> record.name).toList();
	}

	/**
	 * Returns the pacts registered under a name that ended with the given outcome, as the registry
	 * told it.
	 * @param name the registry name
	 * @param outcome {@code FINISHED}, {@code FAILED} or {@code CANCELLED}
	 * @return an immutable list in registration order
	 */
	public synchronized List<PactBase> ended(String name, PactState outcome) {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(outcome, "outcome");
		return this.records.stream()
			.filter((record) -> record.name.equals(name) && record.outcome == outcome)
			.map((record) -> record.pact)
			.toList();
	}

	/**
	 * Returns the pacts registered and not ended yet, as the registry told it (handed-over pacts are
	 * not counted).
	 * @return an immutable list in registration order
	 */
	public synchronized List<PactBase> pending() {
		return this.records.stream()
			.filter((record) -> record.outcome == null && !record.handedOver)
			.map((record) -> record.pact)
			.toList();
	}

	/**
	 * Lists what was recorded, for failure messages: {@code [report.export <Pact: Exporting q3> FINISHED]}.
	 */
	@Override
	public synchronized String toString() {
		List<String> lines = new ArrayList<>();
		for (Record record : this.records) {
			String end = (record.outcome != null) ? record.outcome.name() : record.handedOver ? "handed over" : "PENDING";
			lines.add(record.name + " " + record.pact + " " + end);
		}
		return lines.toString();
	}

	private static final class Record {

		final String id;

		final String name;

		final PactBase pact;

		PactState outcome;

		boolean handedOver;

		Record(String id, String name, PactBase pact) {
			this.id = id;
			this.name = name;
			this.pact = pact;
		}

	}

}
