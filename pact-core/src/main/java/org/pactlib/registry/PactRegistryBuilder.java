package org.pactlib.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.pactlib.PactClock;

/**
 * The settings of a {@link PactRegistry.Builder}, which is what code uses. Each call checks its
 * argument at once and says what is allowed.
 *
 * @param <B> the builder's own type, returned by each call for chaining
 */
abstract class PactRegistryBuilder<B extends PactRegistryBuilder<B>> {

	final ScheduledExecutorService scheduler;

	PactClock clock = PactClock.system();

	Duration tick = Duration.ofMillis(50);

	int maxPollers = 8;

	Duration slowPollThreshold = Duration.ofMillis(250);

	Duration overdueRetention = Duration.ofMinutes(10);

	int maxPacts = 100_000;

	int maxFaultLogLinesPerMinute = 10;

	String threadNamePrefix = "pact-poller-";

	ThreadFactory pollerThreadFactory;

	boolean backgroundPolling = true;

	final List<PactRegistryListener> listeners = new ArrayList<>();

	PactRegistryBuilder(ScheduledExecutorService scheduler) {
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
	}

	abstract B self();

	/**
	 * Sets the clock on which pacts are scheduled and deadlines are checked.
	 * @param clock the clock; the system clock by default
	 * @return this builder
	 */
	public B clock(PactClock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		return self();
	}

	/**
	 * Sets how often the periodic task looks for due pacts: the granularity of poll intervals.
	 * @param tick a positive duration; 50 ms by default
	 * @return this builder
	 */
	public B tick(Duration tick) {
		this.tick = requirePositive(tick, "tick");
		return self();
	}

	/**
	 * Sets how many poller threads may run at once (more start only while due pacts wait).
	 * @param maxPollers at least 1; 8 by default
	 * @return this builder
	 */
	public B maxPollers(int maxPollers) {
		this.maxPollers = requireAtLeastOne(maxPollers, "maxPollers");
		return self();
	}

	/**
	 * Sets how long one poll may hold up a poller before the pacts it was to poll next go to others.
	 * @param slowPollThreshold a positive duration; 250 ms by default
	 * @return this builder
	 */
	public B slowPollThreshold(Duration slowPollThreshold) {
		this.slowPollThreshold = requirePositive(slowPollThreshold, "slowPollThreshold");
		return self();
	}

	/**
	 * Sets how long a pact stays registered, overdue, after its deadline, before it is cancelled and
	 * dropped.
	 * @param overdueRetention zero or positive; 10 minutes by default
	 * @return this builder
	 */
	public B overdueRetention(Duration overdueRetention) {
		Objects.requireNonNull(overdueRetention, "overdueRetention");
		if (overdueRetention.isNegative()) {
			throw new IllegalArgumentException("overdueRetention must be zero or positive, but was " + overdueRetention);
		}
		this.overdueRetention = overdueRetention;
		return self();
	}

	/**
	 * Sets how many pacts may be registered at once; registering one more throws.
	 * @param maxPacts at least 1; 100,000 by default
	 * @return this builder
	 */
	public B maxPacts(int maxPacts) {
		this.maxPacts = requireAtLeastOne(maxPacts, "maxPacts");
		return self();
	}

	/**
	 * Sets how many lines a minute are logged at most for each kind of {@linkplain PactFault fault}
	 * (a condition or callback that throws, a listener that throws, a slow poll) and pact name; the
	 * faults left out are counted, and the next line of that kind and name says how many. Listeners
	 * are told of every fault.
	 * @param maxFaultLogLinesPerMinute zero (log no fault) or more; 10 by default
	 * @return this builder
	 */
	public B maxFaultLogLinesPerMinute(int maxFaultLogLinesPerMinute) {
		if (maxFaultLogLinesPerMinute < 0) {
			throw new IllegalArgumentException(
					"maxFaultLogLinesPerMinute must be zero or more, but was " + maxFaultLogLinesPerMinute);
		}
		this.maxFaultLogLinesPerMinute = maxFaultLogLinesPerMinute;
		return self();
	}

	/**
	 * Sets the name prefix of the poller threads (when no thread factory is set).
	 * @param threadNamePrefix the prefix; {@code pact-poller-} by default
	 * @return this builder
	 */
	public B threadNamePrefix(String threadNamePrefix) {
		this.threadNamePrefix = Objects.requireNonNull(threadNamePrefix, "threadNamePrefix");
		return self();
	}

	/**
	 * Sets where poller threads come from, for instance virtual threads
	 * ({@code Thread.ofVirtual().factory()} on Java 21 and later). Replaces the default factory of
	 * daemon platform threads named after the {@link #threadNamePrefix(String) prefix}.
	 * @param threadFactory makes one thread per poller; each runs until it has been idle a while
	 * @return this builder
	 */
	public B pollerThreadFactory(ThreadFactory threadFactory) {
		this.pollerThreadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
		return self();
	}

	/**
	 * Sets whether the registry polls in the background at all. Without, it starts no thread and no
	 * periodic task: nothing is polled until {@link PactRegistry#pollDue()} is called, on the calling
	 * thread, which makes tests that drive a {@link org.pactlib.VirtualClock} deterministic.
	 * @param backgroundPolling {@code false} to poll only in {@code pollDue()}; {@code true} by default
	 * @return this builder
	 */
	public B backgroundPolling(boolean backgroundPolling) {
		this.backgroundPolling = backgroundPolling;
		return self();
	}

	/**
	 * Adds a listener.
	 * @param listener told of every event
	 * @return this builder
	 */
	public B listener(PactRegistryListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
		return self();
	}

	ThreadFactory threadFactory() {
		if (this.pollerThreadFactory != null) {
			return this.pollerThreadFactory;
		}
		String prefix = this.threadNamePrefix;
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	private static Duration requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, but was " + duration);
		}
		return duration;
	}

	private static int requireAtLeastOne(int value, String name) {
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be at least 1, but was " + value);
		}
		return value;
	}

}
