package org.pactlib.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.PactBase;
import org.pactlib.PactGroup;
import org.pactlib.TimeoutExpiredException;

/**
 * Creates pacts and groups that are registered in a {@link PactRegistry} and so polled in the
 * background, with configured defaults: a deadline, a backoff, laziness, and the registry's clock.
 * Defaults can differ per name, the low-cardinality name of a kind of operation that also tags its
 * metrics.
 *
 * <pre>{@code
 * Pact export = pacts.create("Exporting report " + id, () -> exports.isDone(id));
 * Pact delete = pacts.builder("Deleting " + path).name("storage.delete")
 *     .until(() -> storage.isDeleted(path)).then(() -> log.info("deleted {}", path)).create();
 * }</pre>
 *
 * <p>The conditions of a pact it creates are fixed at creation: {@code until} on it throws an
 * {@link IllegalStateException}, since the pact may be polled by then. Callbacks may be added at any
 * time. Thread-safe.
 */
public class PactFactory {

	/**
	 * The reason given when a condition is added to a pact this factory created.
	 */
	static final String CONDITIONS_FIXED = "its conditions are fixed at creation because it is polled in the "
			+ "background; pass them to PactFactory.create(description, conditions...) or to the factory's builder";

	private final PactRegistry registry;

	private final PactDefaults defaults;

	private final Map<String, PactDefaults> defaultsByName;

	/**
	 * Creates a factory with the same defaults for every name.
	 * @param registry where the pacts are registered
	 * @param defaults the defaults
	 */
	public PactFactory(PactRegistry registry, PactDefaults defaults) {
		this(registry, defaults, Map.of());
	}

	/**
	 * Creates a factory.
	 * @param registry where the pacts are registered
	 * @param defaults the defaults for names that have none of their own
	 * @param defaultsByName the defaults of particular names
	 */
	public PactFactory(PactRegistry registry, PactDefaults defaults, Map<String, PactDefaults> defaultsByName) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.defaults = Objects.requireNonNull(defaults, "defaults");
		this.defaultsByName = Map.copyOf(defaultsByName);
	}

	/**
	 * Creates a registered pact under the {@linkplain PactRegistry#DEFAULT_NAME default name}.
	 * @param description what the operation does
	 * @param conditions all must hold for the pact to finish; none: it finishes at its first poll
	 * @return a pending pact, already registered and polled in the background
	 * @throws IllegalStateException if the registry refuses it (full or shut down)
	 */
	public Pact create(String description, BooleanSupplier... conditions) {
		Objects.requireNonNull(conditions, "conditions");
		Builder builder = builder(description);
		for (BooleanSupplier condition : conditions) {
			builder.until(condition);
		}
		return builder.create();
	}

	/**
	 * Starts describing a registered pact: its name, settings, conditions and callbacks.
	 * @param description what the operation does
	 * @return a builder; nothing is created or registered before {@link Builder#create()}
	 */
	public Builder builder(String description) {
		return new Builder(Objects.requireNonNull(description, "description"));
	}

	/**
	 * Creates a registered group of the given members under the default name.
	 * @param members the members, in order
	 * @return a pending group, already registered and polled in the background
	 */
	public PactGroup group(Collection<? extends PactBase> members) {
		return group(PactRegistry.DEFAULT_NAME, members);
	}

	/**
	 * Creates a registered group of the given members, with the defaults of {@code name}. Members may
	 * be added later.
	 * @param name the low-cardinality name of the kind of operation
	 * @param members the members, in order
	 * @return a pending group, already registered and polled in the background
	 */
	public PactGroup group(String name, Collection<? extends PactBase> members) {
		Objects.requireNonNull(members, "members");
		PactDefaults settings = defaultsFor(name);
		PactGroup group = PactGroup.builder()
			.clock(this.registry.getClock())
			.timeout(settings.timeout())
			.backoff(settings.backoff())
			.lazy(settings.lazy())
			.build();
		for (PactBase member : members) {
			group.add(member);
		}
		this.registry.register(group, name);
		return group;
	}

	/**
	 * Returns the defaults that pacts of the given name get.
	 * @param name a name
	 * @return that name's defaults, or the general ones
	 */
	public PactDefaults defaultsFor(String name) {
		return this.defaultsByName.getOrDefault(Objects.requireNonNull(name, "name"), this.defaults);
	}

	/**
	 * Returns the registry where this factory registers its pacts.
	 * @return the registry
	 */
	public PactRegistry getRegistry() {
		return this.registry;
	}

	/**
	 * Describes one registered pact. Settings not given come from the defaults of its name. Not
	 * thread-safe; use one builder per pact.
	 */
	public final class Builder {

		/** Made at once, so that a bad description is refused by {@code builder(description)}. */
		private final Pact.Builder pactBuilder;

		private String name = PactRegistry.DEFAULT_NAME;

		private Duration timeout;

		private boolean timeoutSet;

		private Backoff backoff;

		private Boolean lazy;

		private final List<Consumer<Pact>> steps = new ArrayList<>();

		private final List<Consumer<Pact.Builder>> options = new ArrayList<>();

		private Builder(String description) {
			this.pactBuilder = Pact.builder(description);
		}

		/**
		 * Sets the low-cardinality name of the kind of operation: it chooses the defaults and tags the
		 * metrics, so it must never contain an id or a path.
		 * @param name for instance {@code storage.delete}; {@code default} if not set
		 * @return this builder
		 */
		public Builder name(String name) {
			Objects.requireNonNull(name, "name");
			if (name.isBlank()) {
				throw new IllegalArgumentException("name must not be blank");
			}
			this.name = name;
			return this;
		}

		/**
		 * Sets the deadline, replacing the default one.
		 * @param timeout the deadline from creation; {@code null} for none
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			if (timeout != null && timeout.isNegative()) {
				throw new IllegalArgumentException("timeout must be zero or positive, but was " + timeout);
			}
			this.timeout = timeout;
			this.timeoutSet = true;
			return this;
		}

		/**
		 * Sets a fixed poll interval, replacing the default backoff.
		 * @param pollInterval a positive interval
		 * @return this builder
		 */
		public Builder pollInterval(Duration pollInterval) {
			return backoff(Backoff.fixed(pollInterval));
		}

		/**
		 * Sets the backoff, replacing the default one.
		 * @param backoff the intervals between polls
		 * @return this builder
		 */
		public Builder backoff(Backoff backoff) {
			this.backoff = Objects.requireNonNull(backoff, "backoff");
			return this;
		}

		/**
		 * Sets laziness, replacing the default.
		 * @param lazy {@code false} to evaluate every condition on each poll
		 * @return this builder
		 */
		public Builder lazy(boolean lazy) {
			this.lazy = lazy;
			return this;
		}

		/**
		 * Adds a condition, as {@link Pact#until(BooleanSupplier)} does.
		 * @param condition returns {@code true} once the operation is done
		 * @return this builder
		 */
		public Builder until(BooleanSupplier condition) {
			Objects.requireNonNull(condition, "condition");
			this.steps.add((pact) -> pact.until(condition));
			return this;
		}

		/**
		 * Adds a condition on a stage, as {@link Pact#untilComplete(CompletionStage)} does.
		 * @param stage the operation's own future
		 * @return this builder
		 */
		public Builder untilComplete(CompletionStage<?> stage) {
			Objects.requireNonNull(stage, "stage");
			this.steps.add((pact) -> pact.untilComplete(stage));
			return this;
		}

		/**
		 * Adds a failure condition, as {@link Pact#failWhen(BooleanSupplier, String)} does.
		 * @param condition returns {@code true} once the operation is known to have failed
		 * @param reason why the pact fails then
		 * @return this builder
		 */
		public Builder failWhen(BooleanSupplier condition, String reason) {
			Objects.requireNonNull(condition, "condition");
			Objects.requireNonNull(reason, "reason");
			this.steps.add((pact) -> pact.failWhen(condition, reason));
			return this;
		}

		/**
		 * Declares exception types that fail the pact, as {@link Pact.Builder#failOn} does.
		 * @param types the exception types
		 * @return this builder
		 */
		@SafeVarargs
		public final Builder failOn(Class<? extends RuntimeException>... types) {
			Objects.requireNonNull(types, "types");
			Class<? extends RuntimeException>[] copy = types.clone();
			this.options.add((builder) -> builder.failOn(copy));
			return this;
		}

		/**
		 * Declares exception types that only mean "not yet", as {@link Pact.Builder#ignoreExceptions}
		 * does.
		 * @param types the exception types
		 * @return this builder
		 */
		@SafeVarargs
		public final Builder ignoreExceptions(Class<? extends RuntimeException>... types) {
			Objects.requireNonNull(types, "types");
			Class<? extends RuntimeException>[] copy = types.clone();
			this.options.add((builder) -> builder.ignoreExceptions(copy));
			return this;
		}

		/**
		 * Sets what {@code await} throws on timeout, as {@link Pact.Builder#timeoutException} does.
		 * @param factory returns the exception to throw
		 * @return this builder
		 */
		public Builder timeoutException(Function<? super TimeoutExpiredException, ? extends RuntimeException> factory) {
			Objects.requireNonNull(factory, "factory");
			this.options.add((builder) -> builder.timeoutException(factory));
			return this;
		}

		/**
		 * Adds a {@code then} callback before the pact can first be polled.
		 * @param callback what to run when the pact finishes
		 * @return this builder
		 */
		public Builder then(Runnable callback) {
			Objects.requireNonNull(callback, "callback");
			this.steps.add((pact) -> pact.then(callback));
			return this;
		}

		/**
		 * Adds a {@code lastly} callback before the pact can first be polled.
		 * @param callback what to run when the pact ends
		 * @return this builder
		 */
		public Builder lastly(Runnable callback) {
			Objects.requireNonNull(callback, "callback");
			this.steps.add((pact) -> pact.lastly(callback));
			return this;
		}

		/**
		 * Adds a {@code during} callback before the pact can first be polled.
		 * @param callback what to run at the start of every poll
		 * @return this builder
		 */
		public Builder during(Runnable callback) {
			Objects.requireNonNull(callback, "callback");
			this.steps.add((pact) -> pact.during(callback));
			return this;
		}

		/**
		 * Adds an {@code onTimeout} callback before the pact can first be polled.
		 * @param callback what to run when the deadline passes or an {@code await} times out
		 * @return this builder
		 */
		public Builder onTimeout(Runnable callback) {
			Objects.requireNonNull(callback, "callback");
			this.steps.add((pact) -> pact.onTimeout(callback));
			return this;
		}

		/**
		 * Creates the pact, fixes its conditions and registers it. Its deadline starts now.
		 * @return a pending pact, polled in the background
		 * @throws IllegalStateException if the registry refuses it (full or shut down); nothing is
		 * registered then
		 */
		public Pact create() {
			PactDefaults settings = defaultsFor(this.name);
			Pact.Builder builder = this.pactBuilder
				.clock(PactFactory.this.registry.getClock())
				.timeout(this.timeoutSet ? this.timeout : settings.timeout())
				.backoff((this.backoff != null) ? this.backoff : settings.backoff())
				.lazy((this.lazy != null) ? this.lazy : settings.lazy());
			this.options.forEach((option) -> option.accept(builder));
			Pact pact = builder.build();
			this.steps.forEach((step) -> step.accept(pact));
			pact.fixConditions(CONDITIONS_FIXED);
			PactFactory.this.registry.register(pact, this.name);
			return pact;
		}

	}

}
