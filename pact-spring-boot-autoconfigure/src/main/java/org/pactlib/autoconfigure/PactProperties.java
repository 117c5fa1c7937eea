package org.pactlib.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.pactlib.Backoff;
import org.pactlib.registry.PactDefaults;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Configuration of pacts, under the prefix {@code pact}. Invalid values stop the application at
 * startup with a message that names the property and the values it allows.
 */
@ConfigurationProperties("pact")
public class PactProperties implements InitializingBean {

	private static final Duration DEFAULT_MAX_INTERVAL = Duration.ofMinutes(1);

	/**
	 * Whether to auto-configure the pact registry, factory, poller and @Async support.
	 */
	private boolean enabled = true;

	/**
	 * Deadline of pacts created by the PactFactory, counted from their creation. None by default.
	 */
	private @Nullable Duration defaultTimeout;

	/**
	 * Time between two polls of a pact (the first interval when backoff grows). Must be positive.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	/**
	 * Whether a poll stops at the first condition (or group member) that does not hold. When false,
	 * every condition that has not held yet is evaluated on each poll.
	 */
	private boolean lazy = true;

	/**
	 * How the time between polls grows.
	 */
	private final BackoffProperties backoff = new BackoffProperties();

	/**
	 * Defaults per name of operation (the name given to PactFactory's builder), overriding the
	 * general ones. Use brackets for names with dots: pact.names[storage.delete].default-timeout=5m.
	 */
	private final Map<String, NameProperties> names = new LinkedHashMap<>();

	/**
	 * The registry that tracks every pact created through the factory.
	 */
	private final Registry registry = new Registry();

	/**
	 * The background poller.
	 */
	private final Poller poller = new Poller();

	/**
	 * What happens to pending pacts when the application shuts down.
	 */
	private final Shutdown shutdown = new Shutdown();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Duration getDefaultTimeout() {
		return this.defaultTimeout;
	}

	public void setDefaultTimeout(@Nullable Duration defaultTimeout) {
		this.defaultTimeout = defaultTimeout;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public boolean isLazy() {
		return this.lazy;
	}

	public void setLazy(boolean lazy) {
		this.lazy = lazy;
	}

	public BackoffProperties getBackoff() {
		return this.backoff;
	}

	public Map<String, NameProperties> getNames() {
		return this.names;
	}

	public Registry getRegistry() {
		return this.registry;
	}

	public Poller getPoller() {
		return this.poller;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	/**
	 * Checks every value, so that a bad one stops startup with a message naming it.
	 * @throws InvalidConfigurationPropertyValueException on the first invalid value
	 */
	@Override
	public void afterPropertiesSet() {
		requireNonNegative("pact.default-timeout", this.defaultTimeout);
		requirePositive("pact.poll-interval", this.pollInterval);
		this.backoff.validate("pact.backoff", this.pollInterval);
		this.names.forEach((name, properties) -> properties.validate("pact.names[" + name + "]", this));
		requireAtLeastOne("pact.registry.max-pacts", this.registry.maxPacts);
		requireNonNegative("pact.registry.overdue-retention", this.registry.overdueRetention);
		requirePositive("pact.poller.tick", this.poller.tick);
		requireAtLeastOne("pact.poller.max-threads", this.poller.maxThreads);
		requirePositive("pact.poller.slow-poll-threshold", this.poller.slowPollThreshold);
		requireNonNegative("pact.shutdown.grace-period", this.shutdown.gracePeriod);
	}

	/**
	 * Returns the general defaults of the factory.
	 * @return the defaults made of {@code default-timeout}, {@code poll-interval}, {@code backoff.*}
	 * and {@code lazy}
	 */
	public PactDefaults toDefaults() {
		return new PactDefaults(this.defaultTimeout, this.backoff.toBackoff(this.pollInterval), this.lazy);
	}

	/**
	 * Returns the defaults of each configured name, each falling back on the general value for what it
	 * does not set.
	 * @return the defaults by name
	 */
	public Map<String, PactDefaults> toDefaultsByName() {
		Map<String, PactDefaults> defaults = new LinkedHashMap<>();
		this.names.forEach((name, properties) -> defaults.put(name, properties.toDefaults(this)));
		return defaults;
	}

	private static void requirePositive(String name, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(name, value,
					"Must be a positive duration, for example 500ms or 1s.");
		}
	}

	private static void requireNonNegative(String name, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(name, value,
					"Must be zero or a positive duration, for example 30s.");
		}
	}

	private static void requireAtLeastOne(String name, int value) {
		if (value < 1) {
			throw new InvalidConfigurationPropertyValueException(name, value, "Must be at least 1.");
		}
	}

	/**
	 * How the time between polls grows: {@code interval(n) = poll-interval * multiplier^n}, at most
	 * {@code max-interval}, shortened by up to {@code jitter} of it at random.
	 */
	public static class BackoffProperties {

		/**
		 * Factor by which the time between polls grows after each poll. 1 keeps it fixed.
		 */
		private @Nullable Double multiplier;

		/**
		 * Longest time between two polls when it grows. Defaults to 1 minute, or to the poll interval
		 * when that is longer.
		 */
		private @Nullable Duration maxInterval;

		/**
		 * Largest fraction of each interval taken off at random, between 0 and 1, so that pacts
		 * created together are not polled together.
		 */
		private @Nullable Double jitter;

		public @Nullable Double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(@Nullable Double multiplier) {
			this.multiplier = multiplier;
		}

		public @Nullable Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(@Nullable Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		public @Nullable Double getJitter() {
			return this.jitter;
		}

		public void setJitter(@Nullable Double jitter) {
			this.jitter = jitter;
		}

		void validate(String prefix, Duration pollInterval) {
			if (this.multiplier != null && !(this.multiplier >= 1 && this.multiplier <= 1000)) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".multiplier", this.multiplier,
						"Must be a number from 1 (fixed interval) to 1000.");
			}
			if (this.maxInterval != null && this.maxInterval.compareTo(pollInterval) < 0) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".max-interval", this.maxInterval,
						"Must be at least the poll interval (" + pollInterval + ").");
			}
			if (this.jitter != null && !(this.jitter >= 0 && this.jitter <= 1)) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".jitter", this.jitter,
						"Must be a fraction from 0 to 1.");
			}
		}

		Backoff toBackoff(Duration pollInterval, @Nullable BackoffProperties fallback) {
			Double multiplier = (this.multiplier != null || fallback == null) ? this.multiplier : fallback.multiplier;
			Duration maxInterval = (this.maxInterval != null || fallback == null) ? this.maxInterval
					: fallback.maxInterval;
			Double jitter = (this.jitter != null || fallback == null) ? this.jitter : fallback.jitter;
			Backoff backoff;
			if (multiplier == null || multiplier == 1) {
				backoff = Backoff.fixed(pollInterval);
			}
			else {
				Duration max = (maxInterval != null) ? maxInterval
						: (pollInterval.compareTo(DEFAULT_MAX_INTERVAL) > 0 ? pollInterval : DEFAULT_MAX_INTERVAL);
				backoff = Backoff.exponential(pollInterval, max.compareTo(pollInterval) < 0 ? pollInterval : max,
						multiplier);
			}
			return (jitter != null && jitter > 0) ? backoff.withJitter(jitter) : backoff;
		}

		Backoff toBackoff(Duration pollInterval) {
			return toBackoff(pollInterval, null);
		}

	}

	/**
	 * Defaults of one name of operation. What is not set here comes from the general settings.
	 */
	public static class NameProperties {

		/**
		 * Deadline of pacts of this name, counted from their creation.
		 */
		private @Nullable Duration defaultTimeout;

		/**
		 * Time between two polls of pacts of this name. Must be positive.
		 */
		private @Nullable Duration pollInterval;

		/**
		 * Whether a poll of a pact of this name stops at the first condition that does not hold.
		 */
		private @Nullable Boolean lazy;

		/**
		 * How the time between polls of pacts of this name grows.
		 */
		private final BackoffProperties backoff = new BackoffProperties();

		public @Nullable Duration getDefaultTimeout() {
			return this.defaultTimeout;
		}

		public void setDefaultTimeout(@Nullable Duration defaultTimeout) {
			this.defaultTimeout = defaultTimeout;
		}

		public @Nullable Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(@Nullable Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public @Nullable Boolean getLazy() {
			return this.lazy;
		}

		public void setLazy(@Nullable Boolean lazy) {
			this.lazy = lazy;
		}

		public BackoffProperties getBackoff() {
			return this.backoff;
		}

		void validate(String prefix, PactProperties general) {
			requireNonNegative(prefix + ".default-timeout", this.defaultTimeout);
			if (this.pollInterval != null) {
				requirePositive(prefix + ".poll-interval", this.pollInterval);
			}
			this.backoff.validate(prefix + ".backoff", pollInterval(general));
		}

		private Duration pollInterval(PactProperties general) {
			return (this.pollInterval != null) ? this.pollInterval : general.pollInterval;
		}

		PactDefaults toDefaults(PactProperties general) {
			return new PactDefaults((this.defaultTimeout != null) ? this.defaultTimeout : general.defaultTimeout,
					this.backoff.toBackoff(pollInterval(general), general.backoff),
					(this.lazy != null) ? this.lazy : general.lazy);
		}

	}

	/**
	 * Bounds of the registry.
	 */
	public static class Registry {

		/**
		 * Most pacts that may be pending at once; creating one more fails with an
		 * IllegalStateException.
		 */
		private int maxPacts = 100_000;

		/**
		 * How long a pact stays tracked, reported as overdue, once its deadline has passed; then it is
		 * cancelled (its lastly callbacks run) and dropped, with a warning in the log.
		 */
		private Duration overdueRetention = Duration.ofMinutes(10);

		public int getMaxPacts() {
			return this.maxPacts;
		}

		public void setMaxPacts(int maxPacts) {
			this.maxPacts = maxPacts;
		}

		public Duration getOverdueRetention() {
			return this.overdueRetention;
		}

		public void setOverdueRetention(Duration overdueRetention) {
			this.overdueRetention = overdueRetention;
		}

	}

	/**
	 * The background poller: one periodic task that hands due pacts to poller threads.
	 */
	public static class Poller {

		/**
		 * How often the periodic task looks for pacts that are due: the precision of poll intervals.
		 */
		private Duration tick = Duration.ofMillis(50);

		/**
		 * Most poller threads at once. Usually one runs; more start only while conditions are slow.
		 */
		private int maxThreads = 8;

		/**
		 * How long one poll may hold a poller thread before another thread takes over the other pacts.
		 */
		private Duration slowPollThreshold = Duration.ofMillis(250);

		/**
		 * Name of a ThreadPoolTaskScheduler or ScheduledExecutorService bean to run the periodic task on, instead
		 * of the single-thread scheduler the starter creates (and owns).
		 */
		private @Nullable String scheduler;

		/**
		 * Prefix of the names of the poller threads.
		 */
		private String threadNamePrefix = "pact-poller-";

		public Duration getTick() {
			return this.tick;
		}

		public void setTick(Duration tick) {
			this.tick = tick;
		}

		public int getMaxThreads() {
			return this.maxThreads;
		}

		public void setMaxThreads(int maxThreads) {
			this.maxThreads = maxThreads;
		}

		public Duration getSlowPollThreshold() {
			return this.slowPollThreshold;
		}

		public void setSlowPollThreshold(Duration slowPollThreshold) {
			this.slowPollThreshold = slowPollThreshold;
		}

		public @Nullable String getScheduler() {
			return this.scheduler;
		}

		public void setScheduler(@Nullable String scheduler) {
			this.scheduler = scheduler;
		}

		public String getThreadNamePrefix() {
			return this.threadNamePrefix;
		}

		public void setThreadNamePrefix(String threadNamePrefix) {
			this.threadNamePrefix = threadNamePrefix;
		}

	}

	/**
	 * Shutdown of the registry, when the application context closes.
	 */
	public static class Shutdown {

		/**
		 * How long to keep polling pending pacts, so that they can end by themselves, before the ones
		 * still pending are cancelled (their lastly callbacks run, and each is logged).
		 */
		private Duration gracePeriod = Duration.ZERO;

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

	}

}
