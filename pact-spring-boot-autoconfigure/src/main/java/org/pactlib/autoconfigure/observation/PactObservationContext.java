package org.pactlib.autoconfigure.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.pactlib.Pact;
import org.pactlib.PactBase;
import org.pactlib.PactState;
import org.pactlib.registry.RegisteredPact;

/**
 * What the {@code pact} observation knows of one registered pact: its id, name and description from
 * its registration, and at its end the outcome and whether it was overdue. Holds no reference to the
 * pact itself.
 */
public class PactObservationContext extends Observation.Context {

	private final String pactId;

	private final String pactName;

	private final String description;

	private final boolean durable;

	private volatile @Nullable String outcome;

	private volatile boolean overdue;

	/**
	 * Creates the context of a pact that was just registered.
	 * @param pact the registered pact
	 */
	public PactObservationContext(RegisteredPact pact) {
		this.pactId = pact.id();
		this.pactName = pact.name();
		PactBase registered = pact.pact();
		this.description = (registered instanceof Pact single) ? single.getDescription()
				: (registered != null) ? registered.toString() : "";
		this.durable = false;
	}

	/**
	 * Creates the context of a pact that a registry does not hold (a durable pact).
	 * @param pactId the pact's id
	 * @param pactName the low-cardinality name of the kind of operation
	 * @param description the pact's description
	 * @param durable whether the pact is kept in a database
	 */
	public PactObservationContext(String pactId, String pactName, String description, boolean durable) {
		this.pactId = pactId;
		this.pactName = pactName;
		this.description = description;
		this.durable = durable;
	}

	/**
	 * Returns whether the pact is a durable one, kept in a database.
	 * @return {@code true} for a durable pact
	 */
	public boolean isDurable() {
		return this.durable;
	}

	/**
	 * Returns the registry's id of the pact.
	 * @return the id
	 */
	public String getPactId() {
		return this.pactId;
	}

	/**
	 * Returns the low-cardinality name of the kind of operation.
	 * @return the name
	 */
	public String getPactName() {
		return this.pactName;
	}

	/**
	 * Returns the pact's description as it was when registered.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Returns how the pact ended: {@code finished}, {@code failed}, {@code cancelled}, or
	 * {@code unregistered} when it was handed over to another poller.
	 * @return the outcome, or {@code null} while the pact is pending
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	/**
	 * Sets how the pact ended.
	 * @param outcome the outcome
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

	/**
	 * Sets the outcome from the pact's final state.
	 * @param state {@link PactState#FINISHED}, {@link PactState#FAILED} or {@link PactState#CANCELLED}
	 */
	public void setOutcome(PactState state) {
		this.outcome = state.name().toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * Returns whether the pact passed its deadline while pending.
	 * @return {@code true} once overdue
	 */
	public boolean isOverdue() {
		return this.overdue;
	}

	/**
	 * Sets whether the pact passed its deadline while pending.
	 * @param overdue {@code true} once overdue
	 */
	public void setOverdue(boolean overdue) {
		this.overdue = overdue;
	}

}
