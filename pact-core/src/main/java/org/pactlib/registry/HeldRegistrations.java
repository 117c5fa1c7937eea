package org.pactlib.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.pactlib.PactBase;

/**
 * The registrations held back on one thread by {@link PactRegistry#holdRegistrations()}: each pact
 * registered on that thread meanwhile has its place reserved but is not polled in the background, so
 * that the caller may {@linkplain #takeOver take one over}; {@link #close()} registers the rest.
 * Confined to the thread that holds the registrations.
 */
public final class HeldRegistrations implements AutoCloseable {

	private final ThreadLocal<HeldRegistrations> holder;

	private final RegisteredPacts registered;

	private final Admission admission;

	private final List<RegistryEntry> entries = new ArrayList<>();

	HeldRegistrations(ThreadLocal<HeldRegistrations> holder, RegisteredPacts registered, Admission admission) {
		this.holder = holder;
		this.registered = registered;
		this.admission = admission;
	}

	/**
	 * Holds back the registration of an entry whose place is already reserved.
	 */
	void hold(RegistryEntry entry) {
		this.entries.add(entry);
	}

	/**
	 * Takes over a pact registered on this thread since the registrations were held: it will not
	 * be registered, and the caller is now the one that polls it.
	 * @param pact the pact to take over
	 * @return {@code true} if the pact was held here, {@code false} if it was not (it may have been
	 * registered before)
	 */
	public boolean takeOver(PactBase pact) {
		Objects.requireNonNull(pact, "pact");
		for (int i = 0; i < this.entries.size(); i++) {
			if (this.entries.get(i).pact == pact) {
				this.entries.remove(i).pact = null;
				this.admission.release();
				return true;
			}
		}
		return false;
	}

	/**
	 * Registers every pact still held, in the order they were created, and stops holding
	 * registrations on this thread. A pact that ended meanwhile, or that another poller took
	 * meanwhile, only gives back its place; one that the shut-down registry refuses is cancelled.
	 */
	@Override
	public void close() {
		this.holder.remove();
		this.registered.activateHeld(this.entries);
		this.entries.clear();
	}

}
