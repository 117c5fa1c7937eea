package org.pactlib;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A handle to one background operation: a description, and conditions that are polled until they
 * have all held.
 *
 * <pre>{@code
 * Pact deleting = new Pact("Deleting " + path).until(() -> storage.isDeleted(path));
 * deleting.then(() -> log.info("deleted")).await(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Conditions are edge-triggered: once one held, it is never called again. Thread safety, callbacks
 * and waiting are described on {@link PactBase}.
 */
public class Pact extends PactBase {

	private static final HeldCondition[] NO_CONDITIONS = {};

	private final String description;

	private final PactClock clock;

	private final Function<? super TimeoutExpiredException, ? extends RuntimeException> timeoutExceptionFactory;

	private volatile HeldCondition[] conditions = NO_CONDITIONS;

	private int evaluatedConditions;

	/**
	 * Creates a lazy pact with no deadline on the system clock.
	 * @param description what the operation does, as shown by {@link #toString()}
	 */
	public Pact(String description) {
		this(builder(description));
	}

	/**
	 * Creates a lazy pact on the system clock that is expected to finish within {@code timeout} of now.
	 * @param description what the operation does, as shown by {@link #toString()}
	 * @param timeout the deadline, counted from now; {@code null} for none
	 * @throws IllegalArgumentException if the timeout is negative
	 */
	public Pact(String description, Duration timeout) {
		this(builder(description).timeout(timeout));
	}

	private Pact(Builder builder) {
		super(builder.clock, builder.lazy, builder.timeout, builder.pollInterval);
		this.description = builder.description;
		this.clock = builder.clock;
		this.timeoutExceptionFactory = builder.timeoutExceptionFactory;
	}

	/**
	 * Starts building a pact.
	 * @param description what the operation does, as shown by {@link #toString()}
	 * @return a builder with the defaults: lazy, no deadline, system clock, 1 second poll interval
	 */
	public static Builder builder(String description) {
		return new Builder(description);
	}

	/**
	 * Returns the description this pact was created with.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	@Override
	public PactClock clock() {
		return this.clock;
	}

	/**
	 * Adds a condition: the pact finishes once all of its conditions have held. Conditions are evaluated
	 * in the order added, only by the thread polling the pact, never on two threads at once.
	 * @param condition returns {@code true} once the operation is done
	 * @return this pact
	 * @throws IllegalStateException if the pact has already ended
	 */
	public Pact until(BooleanSupplier condition) {
		Objects.requireNonNull(condition, "condition");
		this.lock.lock();
		try {
			if (state().isEnded()) {
				throw new IllegalStateException("Cannot add a condition to " + this + ": it has already ended ("
						+ state() + "); add conditions before it can finish");
			}
			this.conditions = append(this.conditions, new HeldCondition(condition));
		}
		finally {
			this.lock.unlock();
		}
		return this;
	}

	/**
	 * Returns how many conditions this pact has.
	 * @return the number of conditions added
	 */
	public int getConditionCount() {
		return this.conditions.length;
	}

	/**
	 * Returns how many of this pact's conditions have held so far.
	 * @return the number of conditions that held
	 */
	public int getHeldConditionCount() {
		int held = 0;
		for (HeldCondition condition : this.conditions) {
			held += condition.held ? 1 : 0;
		}
		return held;
	}

	@Override
	PactState evaluate() {
		HeldCondition[] conditions = this.conditions;
		this.evaluatedConditions = conditions.length;
		boolean all = true;
		for (HeldCondition condition : conditions) {
			if (!condition.held) {
				if (condition.supplier.getAsBoolean()) {
					condition.held = true;
				}
				else {
					all = false;
					if (isLazy()) {
						break;
					}
				}
			}
		}
		return all ? PactState.FINISHED : PactState.PENDING;
	}

	@Override
	PactState settle(PactState outcome) {
		boolean conditionAddedMeanwhile = this.conditions.length != this.evaluatedConditions;
		return (outcome == PactState.FINISHED && conditionAddedMeanwhile) ? PactState.PENDING : outcome;
	}

	@Override
	Function<? super TimeoutExpiredException, ? extends RuntimeException> timeoutExceptionFactory() {
		return this.timeoutExceptionFactory;
	}

	/**
	 * Groups this pact with another pact or group, like the seed's {@code p1 + p2}.
	 * @param other the pact or group to wait for after this one
	 * @return a new lazy group of this pact and {@code other}, on this pact's clock
	 */
	public PactGroup groupWith(PactBase other) {
		Objects.requireNonNull(other, "other");
		return new PactGroup(List.of(this, other));
	}

	@Override
	public Pact then(Runnable callback) {
		super.then(callback);
		return this;
	}

	@Override
	public Pact lastly(Runnable callback) {
		super.lastly(callback);
		return this;
	}

	@Override
	public Pact during(Runnable callback) {
		super.during(callback);
		return this;
	}

	@Override
	public Pact onTimeout(Runnable callback) {
		super.onTimeout(callback);
		return this;
	}

	/**
	 * Returns {@code <Pact: DESCRIPTION>}.
	 */
	@Override
	public String toString() {
		return "<Pact: " + this.description + ">";
	}

	private static final class HeldCondition {

		private final BooleanSupplier supplier;

		private volatile boolean held;

		HeldCondition(BooleanSupplier supplier) {
			this.supplier = supplier;
		}

	}

	/**
	 * Builds a {@link Pact}. Not thread-safe; each call checks its argument at once.
	 */
	public static final class Builder {

		private final String description;

		private Duration timeout;

		private boolean lazy = true;

		private PactClock clock = PactClock.system();

		private Duration pollInterval = DEFAULT_POLL_INTERVAL;

		private Function<? super TimeoutExpiredException, ? extends RuntimeException> timeoutExceptionFactory;

		private Builder(String description) {
			this.description = Objects.requireNonNull(description, "description");
		}

		/**
		 * Sets the deadline, counted from the pact's creation.
		 * @param timeout the deadline; {@code null} for none (the default)
		 * @return this builder
		 * @throws IllegalArgumentException if the timeout is negative
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = Durations.requireNonNegativeOrNull(timeout, "timeout");
			return this;
		}

		/**
		 * Sets whether polls stop at the first condition that does not hold (the default) or evaluate
		 * every condition that has not held yet.
		 * @param lazy {@code false} for eager
		 * @return this builder
		 */
		public Builder lazy(boolean lazy) {
			this.lazy = lazy;
			return this;
		}

		/**
		 * Sets the clock of the deadline and of waits.
		 * @param clock the clock; the default is {@link PactClock#system()}
		 * @return this builder
		 */
		public Builder clock(PactClock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Sets how long {@code await()} sleeps between polls.
		 * @param pollInterval a positive interval; the default is 1 second
		 * @return this builder
		 * @throws IllegalArgumentException if the interval is zero or negative
		 */
		public Builder pollInterval(Duration pollInterval) {
			this.pollInterval = Durations.requirePositive(pollInterval, "pollInterval");
			return this;
		}

		/**
		 * Sets what {@code await} throws on timeout, made from the {@link TimeoutExpiredException} it
		 * would otherwise throw (which the factory may use as the cause).
		 * @param factory returns the exception to throw, never {@code null}
		 * @return this builder
		 */
		public Builder timeoutException(
				Function<? super TimeoutExpiredException, ? extends RuntimeException> factory) {
			this.timeoutExceptionFactory = Objects.requireNonNull(factory, "factory");
			return this;
		}

		/**
		 * Creates the pact; its deadline starts now.
		 * @return a new pending pact with no conditions yet
		 */
		public Pact build() {
			return new Pact(this);
		}

	}

}
