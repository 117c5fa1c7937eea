package org.pactlib.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of pacts, under the prefix {@code pact}. Plain data: {@link PactAutoConfiguration}
 * checks the values at startup and maps them to the registry and the factory.
 */
@ConfigurationProperties("pact")
public class PactProperties {

	/**
	 * Whether to auto-configure the pact registry, factory, poller and @Async support.
	 */
	private boolean enabled = true;

	/**
	 * Deadline of pacts created by the PactFactory, counted from their creation. Leave it unset for no
	 * deadline; when set, it must be positive.
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
	private final Backoff backoff = new Backoff();

	/**
	 * Defaults per name of operation (the name given to PactFactory's builder), overriding the
	 * general ones. Use brackets for names with dots: pact.names[storage.delete].default-timeout=5m.
	 */
	private final Map<String, Name> names = new LinkedHashMap<>();

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

	public Backoff getBackoff() {
		return this.backoff;
	}

	public Map<String, Name> getNames() {
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
	 * How the time between polls grows: {@code interval(n) = poll-interval * multiplier^n}, at most
	 * {@code max-interval}, shortened by up to {@code jitter} of it at random.
	 */
	public static class Backoff {

		/**
		 * Factor by which the time between polls grows after each poll, from 1 (fixed interval) to
		 * 1000.
		 */
		private double multiplier = 1.0;

		/**
		 * Longest time between two polls when it grows; never shorter than the poll interval.
		 */
		private Duration maxInterval = Duration.ofMinutes(1);

		/**
		 * Largest fraction of each interval taken off at random, from 0 to 1, so that pacts created
		 * together are not polled together.
		 */
		private double jitter = 0.0;

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

	}

	/**
	 * Defaults of one name of operation. What is not set here comes from the general settings.
	 */
	public static class Name {

		/**
		 * Deadline of pacts of this name, counted from their creation. Must be positive; unset, the
		 * general default-timeout applies.
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
		private final NameBackoff backoff = new NameBackoff();

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

		public NameBackoff getBackoff() {
			return this.backoff;
		}

	}

	/**
	 * How the time between polls of pacts of one name grows; what is not set comes from
	 * {@code pact.backoff.*}.
	 */
	public static class NameBackoff {

		/**
		 * Factor by which the time between polls grows after each poll, from 1 (fixed) to 1000.
		 */
		private @Nullable Double multiplier;

		/**
		 * Longest time between two polls when it grows; never shorter than the poll interval.
		 */
		private @Nullable Duration maxInterval;

		/**
		 * Largest fraction of each interval taken off at random, from 0 to 1.
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

	}

	/**
	 * Bounds of the registry.
	 */
	public static class Registry {

		/**
		 * Most pacts that may be pending at once; creating one more fails with an
		 * IllegalStateException. At least 1.
		 */
		private int maxPacts = 100_000;

		/**
		 * How long a pact stays tracked, reported as overdue, once its deadline has passed; then it is
		 * cancelled (its lastly callbacks run) and dropped, with a warning in the log.
		 */
		private Duration overdueRetention = Duration.ofMinutes(10);

		/**
		 * Most log lines a minute for each kind of fault (a condition, callback or listener that
		 * throws, a slow poll, an overdue pact dropped, a failed pact) and pact name; the rest are
		 * counted and summed up in the next line. 0 logs none; the meters count them all.
		 */
		private int maxFaultLogLinesPerMinute = 10;

		public int getMaxFaultLogLinesPerMinute() {
			return this.maxFaultLogLinesPerMinute;
		}

		public void setMaxFaultLogLinesPerMinute(int maxFaultLogLinesPerMinute) {
			this.maxFaultLogLinesPerMinute = maxFaultLogLinesPerMinute;
		}

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
	 * The background poller: one periodic task on one scheduler thread that hands due pacts to poller
	 * threads.
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
		 * Name of a TaskScheduler or ScheduledExecutorService bean to run the periodic task on, instead of
		 * the single-thread scheduler the starter creates (and owns).
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
		 * How long to keep polling pending pacts at shutdown, so that they can end by themselves,
		 * before the ones still pending are cancelled (their lastly callbacks run, and each is logged).
		 * Bounded by spring.lifecycle.timeout-per-shutdown-phase.
		 */
		private Duration gracePeriod = Duration.ofSeconds(0);

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

	}

}
