package org.pactlib.durable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.pactlib.Backoff;
import org.pactlib.Pact;
import org.pactlib.PactState;

/**
 * Describes one durable pact, then {@linkplain #start() starts} it. Handlers are named, not given: the
 * names must be those of {@link DurableCondition} and {@link DurableCallback} beans, checked at
 * {@link #start()}. Not thread-safe; use one builder for one pact.
 */
public final class DurablePactBuilder {

	private static final Pattern HANDLER_NAME = Pattern.compile("[A-Za-z0-9._:-]+");

	private final DurablePacts pacts;

	private final String name;

	private @Nullable String description;

	private @Nullable Object payload;

	private @Nullable String condition;

	private final List<String> thenHandlers = new ArrayList<>();

	private final List<String> lastlyHandlers = new ArrayList<>();

	private final List<String> timeoutHandlers = new ArrayList<>();

	private @Nullable Duration timeout;

	private Backoff backoff;

	private Duration overdueRetention;

	DurablePactBuilder(DurablePacts pacts, String name, DurableSettings defaults) {
		Objects.requireNonNull(name, "name");
		if (name.isBlank()) {
			throw new IllegalArgumentException("name must not be blank");
		}
		this.pacts = pacts;
		this.name = name;
		this.timeout = defaults.timeout();
		this.backoff = defaults.backoff();
		this.overdueRetention = defaults.overdueRetention();
	}

	/**
	 * Sets what the pact waits for, as listings and handles show it (the name, by default).
	 * @param description the description
	 * @return this builder
	 */
	public DurablePactBuilder describedAs(String description) {
		this.description = Objects.requireNonNull(description, "description");
		return this;
	}

	/**
	 * Sets the payload every handler gets: a small object the application's Jackson mapper writes as JSON.
	 * @param payload the payload
	 * @return this builder
	 */
	public DurablePactBuilder payload(Object payload) {
		this.payload = Objects.requireNonNull(payload, "payload");
		return this;
	}

	/**
	 * Sets the condition: the name of the {@link DurableCondition} bean polled until it answers done.
	 * @param condition the handler's name
	 * @return this builder
	 * @throws IllegalStateException if a condition was already set
	 */
	public DurablePactBuilder until(String condition) {
		if (this.condition != null) {
			throw new IllegalStateException("A durable pact has one condition, and it is already '" + this.condition
					+ "': put what else it waits for in that handler");
		}
		this.condition = handlerName(condition);
		return this;
	}

	/**
	 * Adds a callback run once the pact finished (at least once; in the order added).
	 * @param callback the name of a {@link DurableCallback} bean
	 * @return this builder
	 */
	public DurablePactBuilder then(String callback) {
		this.thenHandlers.add(handlerName(callback));
		return this;
	}

	/**
	 * Adds a callback run once the pact ended, however, after the {@code then} callbacks (at least once).
	 * @param callback the name of a {@link DurableCallback} bean
	 * @return this builder
	 */
	public DurablePactBuilder lastly(String callback) {
		this.lastlyHandlers.add(handlerName(callback));
		return this;
	}

	/**
	 * Adds a callback run once the pact is found pending after its deadline (at least once).
	 * @param callback the name of a {@link DurableCallback} bean
	 * @return this builder
	 */
	public DurablePactBuilder onTimeout(String callback) {
		this.timeoutHandlers.add(handlerName(callback));
		return this;
	}

	/**
	 * Sets the deadline, counted from {@link #start()}; {@code null} for none.
	 * @param timeout the timeout, or {@code null}
	 * @return this builder
	 * @throws IllegalArgumentException if the timeout is negative
	 */
	public DurablePactBuilder timeout(@Nullable Duration timeout) {
		if (timeout != null && timeout.isNegative()) {
			throw new IllegalArgumentException("timeout must be zero or positive, but was " + timeout);
		}
		this.timeout = timeout;
		return this;
	}

	/**
	 * Polls at a fixed interval.
	 * @param pollInterval the interval
	 * @return this builder
	 * @throws IllegalArgumentException if the interval is not positive
	 */
	public DurablePactBuilder pollInterval(Duration pollInterval) {
		this.backoff = Backoff.fixed(pollInterval);
		return this;
	}

	/**
	 * Polls with these intervals (jitter is not kept).
	 * @param backoff the intervals
	 * @return this builder
	 */
	public DurablePactBuilder backoff(Backoff backoff) {
		this.backoff = Objects.requireNonNull(backoff, "backoff");
		return this;
	}

	/**
	 * Sets how long the pact stays pending after its deadline before it is cancelled.
	 * @param overdueRetention the retention
	 * @return this builder
	 */
	public DurablePactBuilder overdueRetention(Duration overdueRetention) {
		Objects.requireNonNull(overdueRetention, "overdueRetention");
		if (overdueRetention.isNegative()) {
			throw new IllegalArgumentException("overdueRetention must be zero or positive, but was " + overdueRetention);
		}
		this.overdueRetention = overdueRetention;
		return this;
	}

	/**
	 * Writes the pact's row and its first poll, in the caller's transaction when there is one (then the
	 * pact exists once it commits, and not at all if it rolls back), and returns a handle:
	 * {@code await}, {@code state}, {@code then} and {@code toCompletableFuture} on it follow the durable
	 * pact whichever instance ends it (the handle learns it within {@code pact.durable.handle-poll-interval});
	 * {@code cancel} and {@code fail} on it cancel and fail the durable pact. The handle lives in this JVM
	 * only; the pact does not.
	 * @return the handle
	 * @throws IllegalStateException if no condition was given
	 * @throws IllegalArgumentException if a handler name is unknown (the message lists those defined), or the
	 * payload cannot be written as JSON; nothing is written then
	 */
	public Pact start() {
		if (this.condition == null) {
			throw new IllegalStateException("A durable pact needs a condition: call until(\"handler name\") with one of "
					+ this.pacts.getHandlers().conditionNames());
		}
		DurableHandlers handlers = this.pacts.getHandlers();
		handlers.requireCondition(this.condition);
		this.thenHandlers.forEach((callback) -> handlers.requireCallback(callback, "then"));
		this.lastlyHandlers.forEach((callback) -> handlers.requireCallback(callback, "lastly"));
		this.timeoutHandlers.forEach((callback) -> handlers.requireCallback(callback, "onTimeout"));
		String json = handlers.toJson(this.payload);
		Instant now = this.pacts.store().getClock().instant();
		String text = (this.description != null) ? this.description : this.name;
		DurablePactRow row = new DurablePactRow(UUID.randomUUID().toString(), this.name, text, json, this.condition,
				List.copyOf(this.thenHandlers), List.copyOf(this.lastlyHandlers), List.copyOf(this.timeoutHandlers),
				PactState.PENDING, now, (this.timeout != null) ? now.plus(this.timeout) : null, this.overdueRetention,
				this.backoff, 0, null, null, null, this.timeoutHandlers.isEmpty(), null, null,
				this.thenHandlers.isEmpty(), this.lastlyHandlers.isEmpty(), null, this.pacts.instanceName());
		return this.pacts.start(row, this.timeout);
	}

	private static String handlerName(String name) {
		Objects.requireNonNull(name, "handler name");
		if (!HANDLER_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Invalid handler name '" + name
					+ "': a bean name of letters, digits, '.', '_', ':' and '-'");
		}
		return name;
	}

}
