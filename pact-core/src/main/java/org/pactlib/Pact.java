package org.pactlib;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
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
 * <p>Conditions are edge-triggered: once one held, it is never called again. A condition that throws
 * makes {@code poll()} and {@code await()} throw, and the pact stays pending, unless the builder
 * declared the exception's type: {@link Builder#ignoreExceptions ignored} ("not yet") or
 * {@link Builder#failOn failing} the pact. Outcomes, thread safety, callbacks and waiting are described
 * on {@link PactBase}.
 */
public class Pact extends PactBase {

	/**
	 * The longest description a pact accepts, in characters: descriptions go into every log line,
	 * snapshot and timeout message of the pact.
	 */
	public static final int MAX_DESCRIPTION_LENGTH = 10_000;

	private static final FailureCheck[] NO_FAILURE_CHECKS = {};

	private final String description;

	private final PactClock clock;

	private final ExceptionPolicy exceptions;

	private volatile BooleanSupplier[] conditions = Conditions.NONE;

	private volatile FailureCheck[] failureChecks = NO_FAILURE_CHECKS;

	private volatile Throwable lastIgnoredException;

	private volatile String conditionsFixedReason;

	private volatile Pact describedAs;

	private BooleanSupplier[] evaluatedConditions;

	/**
	 * Creates a lazy pact with no deadline on the system clock.
	 * @param description what the operation does, as shown by {@link #toString()}: not blank, at most
	 * {@value #MAX_DESCRIPTION_LENGTH} characters
	 * @throws IllegalArgumentException if the description is blank or longer than that
	 */
	public Pact(String description) {
		this(builder(description));
	}

	/**
	 * Creates a lazy pact on the system clock that is expected to finish within {@code timeout} of now.
	 * @param description what the operation does, as shown by {@link #toString()}
	 * @param timeout the deadline, counted from now; {@code null} for none
	 * @throws IllegalArgumentException if the timeout is negative, or the description is blank or longer
	 * than {@value #MAX_DESCRIPTION_LENGTH} characters
	 */
	public Pact(String description, Duration timeout) {
		this(builder(description).timeout(timeout));
	}

	private Pact(Builder builder) {
		super(builder, builder.clock);
		this.description = builder.description;
		this.clock = builder.clock;
		this.exceptions = ExceptionPolicy.of(builder.ignoredExceptions, builder.failingExceptions,
				builder.timeoutExceptionFactory);
	}

	/**
	 * Starts building a pact.
	 * @param description what the operation does, as shown by {@link #toString()}: not blank, at most
	 * {@value #MAX_DESCRIPTION_LENGTH} characters
	 * @return a builder with the defaults: lazy, no deadline, system clock, 1 second poll interval, no
	 * ignored or failing exception types
	 * @throws IllegalArgumentException if the description is blank or longer than that
	 */
	public static Builder builder(String description) {
		return new Builder(description);
	}

	/**
	 * Returns the description this pact was created with.
	 * @return the description
	 */
	public String getDescription() {
		Pact other = this.describedAs;
		return (other != null) ? other.getDescription() : this.description;
	}

	/**
	 * Makes this pact describe itself as {@code other}: from now on its description, its condition
	 * counts and its last ignored exception are those of {@code other} (in {@link #toString()},
	 * snapshots and timeout messages), while its own conditions still decide its outcome. For a pact
	 * that stands for another one, such as the pact of an {@code @Async} call for the pact its method
	 * returned.
	 * @param other the pact this one stands for
	 * @return this pact
	 * @throws IllegalArgumentException if {@code other} is this pact or describes itself as it
	 */
	public Pact describeAs(Pact other) {
		Objects.requireNonNull(other, "other");
		for (Pact next = other; next != null; next = next.describedAs) {
			if (next == this) {
				throw new IllegalArgumentException(this + " cannot describe itself as " + other + ": that is itself");
			}
		}
		this.describedAs = other;
		return this;
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
	 * @throws IllegalStateException if the pact has already ended, or its conditions were
	 * {@linkplain #fixConditions fixed} (as those of a pact from a {@code PactFactory} are)
	 */
	public Pact until(BooleanSupplier condition) {
		Objects.requireNonNull(condition, "condition");
		addConditions(condition, null);
		return this;
	}

	/**
	 * Adds a condition or a failure check, or both, without waiting for a poll running on another
	 * thread: that poll then cannot finish the pact without evaluating them.
	 */
	private void addConditions(BooleanSupplier condition, FailureCheck check) {
		requirePendingToAddCondition();
		if (!change(new ConditionChange(condition, check))) {
			requirePendingToAddCondition();
		}
	}

	@Override
	void apply(Change change) {
		ConditionChange added = (ConditionChange) change;
		if (added.check != null) {
			this.failureChecks = append(this.failureChecks, added.check);
		}
		if (added.condition != null) {
			this.conditions = append(this.conditions, added.condition);
		}
	}

	/**
	 * Adds a condition that holds once {@code stage} completes normally (named apart from
	 * {@link #until(BooleanSupplier)} so that {@code until(null)} stays unambiguous); if it completes
	 * exceptionally (or is cancelled), the next poll fails the pact with that exception as the cause,
	 * whatever the other conditions. A thread awaiting the pact (and a background poller) is woken as
	 * soon as the stage completes.
	 * @param stage the operation's own future
	 * @return this pact
	 * @throws IllegalStateException if the pact has already ended or its conditions were fixed
	 */
	public Pact untilComplete(CompletionStage<?> stage) {
		Objects.requireNonNull(stage, "stage");
		StageCondition condition = new StageCondition();
		addConditions(condition, condition);
		stage.whenComplete((result, failure) -> {
			condition.complete(failure);
			wakeUp();
		});
		return this;
	}

	/**
	 * Adds a failure condition, checked on every poll before the other conditions: once it returns
	 * {@code true}, the pact fails with {@code reason}, so that waiters learn it at once rather than at
	 * the deadline.
	 * @param condition returns {@code true} once the operation is known to have failed
	 * @param reason why the pact fails then, as {@link PactFailedException#getReason()} reports it
	 * @return this pact
	 * @throws IllegalStateException if the pact has already ended or its conditions were fixed
	 */
	public Pact failWhen(BooleanSupplier condition, String reason) {
		Objects.requireNonNull(condition, "condition");
		Objects.requireNonNull(reason, "reason");
		FailureCheck check = (pact) -> pact.holds(condition) ? new PactFailedException(pact, reason, null) : null;
		addConditions(null, check);
		return this;
	}

	/**
	 * Fixes this pact's conditions: from now on {@link #until} and {@link #failWhen} throw an
	 * {@link IllegalStateException} that gives {@code reason}. For code that hands pacts to a background
	 * poller and wants every condition known before the first poll.
	 * @param reason why no condition may be added, and what to do instead
	 * @return this pact
	 */
	public Pact fixConditions(String reason) {
		this.conditionsFixedReason = Objects.requireNonNull(reason, "reason");
		return this;
	}

	private void requirePendingToAddCondition() {
		if (this.conditionsFixedReason != null) {
			throw new IllegalStateException("Cannot add a condition to " + this + ": " + this.conditionsFixedReason);
		}
		if (isEndingOrEnded()) {
			throw new IllegalStateException("Cannot add a condition to " + this + ": it has already ended ("
					+ state() + "); add conditions before it can finish");
		}
	}

	/**
	 * Returns the last exception that a condition threw and that was ignored as "not yet".
	 * @return the exception, or {@code null} if none was ignored
	 */
	public Throwable getLastIgnoredException() {
		Pact other = this.describedAs;
		return (other != null) ? other.getLastIgnoredException() : this.lastIgnoredException;
	}

	/**
	 * Returns how many conditions this pact has.
	 * @return the number of conditions added
	 */
	public int getConditionCount() {
		Pact other = this.describedAs;
		return (other != null) ? other.getConditionCount() : this.conditions.length;
	}

	/**
	 * Returns how many of this pact's conditions have held so far.
	 * @return the number of conditions that held
	 */
	public int getHeldConditionCount() {
		Pact other = this.describedAs;
		return (other != null) ? other.getHeldConditionCount() : Conditions.held(this.conditions);
	}

	@Override
	boolean evaluate() {
		try {
			for (FailureCheck check : this.failureChecks) {
				PactFailedException failure = check.failure(this);
				if (failure != null) {
					throw failure;
				}
			}
			BooleanSupplier[] conditions = this.conditions;
			this.evaluatedConditions = conditions;
			return Conditions.evaluate(this, conditions, isLazy());
		}
		catch (RuntimeException ex) {
			boolean failsThisPact = !(ex instanceof PactFailedException failed && failed.getPact() == this)
					&& Conditions.isInstanceOfAny(ex, this.exceptions.failing());
			throw failsThisPact ? new PactFailedException(this, String.valueOf(ex), ex) : ex;
		}
	}

	boolean holds(BooleanSupplier condition) {
		try {
			return condition.getAsBoolean();
		}
		catch (RuntimeException ex) {
			if (Conditions.isInstanceOfAny(ex, this.exceptions.ignored())) {
				this.lastIgnoredException = ex;
				return false;
			}
			throw ex;
		}
	}

	@Override
	boolean settle(boolean finished) {
		return finished && this.conditions == this.evaluatedConditions;
	}

	/**
	 * Lets go of the conditions' closures (keeping how many held) and of the failure checks.
	 */
	@Override
	void release() {
		Conditions.release(this.conditions);
		this.failureChecks = NO_FAILURE_CHECKS;
		this.evaluatedConditions = null;
	}

	@Override
	void collectPending(List<PendingPact> pending) {
		if (!state().isEnded()) {
			pending.add(new PendingPact(this, getHeldConditionCount(), getConditionCount(), getLastIgnoredException()));
		}
	}

	@Override
	Function<? super TimeoutExpiredException, ? extends RuntimeException> timeoutExceptionFactory() {
		return this.exceptions.timeoutFactory();
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
		return "<Pact: " + getDescription() + ">";
	}

	/**
	 * Checked on every poll, before the conditions, whether the pact has failed.
	 */
	@FunctionalInterface
	interface FailureCheck {

		/**
		 * Returns why the pact failed, or {@code null} if it has not.
		 */
		PactFailedException failure(Pact pact);

	}

	/**
	 * A condition or a failure check (or both) to add.
	 */
	private static final class ConditionChange extends Change {

		final BooleanSupplier condition;

		final FailureCheck check;

		ConditionChange(BooleanSupplier condition, FailureCheck check) {
			this.condition = condition;
			this.check = check;
		}

	}

	/**
	 * Builds a {@link Pact}. Not thread-safe; each call checks its argument at once.
	 */
	public static final class Builder extends PactBase.Builder<Builder> {

		private final String description;

		private Function<? super TimeoutExpiredException, ? extends RuntimeException> timeoutExceptionFactory;

		private Class<?>[] ignoredExceptions = {};

		private Class<?>[] failingExceptions = {};

		private Builder(String description) {
			super(PactClock.system());
			this.description = requireDescription(description);
		}

		private static String requireDescription(String description) {
			Objects.requireNonNull(description, "description");
			if (description.isBlank()) {
				throw new IllegalArgumentException("description must not be blank, but was \"" + description
						+ "\": say what the operation does, such as \"Deleting /data/x\"");
			}
			if (description.length() > MAX_DESCRIPTION_LENGTH) {
				throw new IllegalArgumentException("description must be at most " + MAX_DESCRIPTION_LENGTH
						+ " characters, but was " + description.length() + " characters long: \""
						+ description.substring(0, 40) + "...\"");
			}
			return description;
		}

		/**
		 * Declares exception types that a condition may throw to mean "not yet": the condition counts
		 * as not holding, and the last such exception is kept for diagnostics
		 * ({@link Pact#getLastIgnoredException()}, {@link TimeoutExpiredException#getPending()}).
		 * @param types the exception types (subclasses included)
		 * @return this builder
		 */
		@SafeVarargs
		public final Builder ignoreExceptions(Class<? extends RuntimeException>... types) {
			this.ignoredExceptions = Conditions.requireTypes(types);
			return this;
		}

		/**
		 * Declares exception types that, thrown by a condition, mean the operation failed: the pact
		 * fails with the exception as the cause. Exceptions of other types (neither ignored nor failing)
		 * propagate from {@code poll()} and {@code await()}, and the pact stays pending.
		 * @param types the exception types (subclasses included)
		 * @return this builder
		 */
		@SafeVarargs
		public final Builder failOn(Class<? extends RuntimeException>... types) {
			this.failingExceptions = Conditions.requireTypes(types);
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
