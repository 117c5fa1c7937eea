package org.pactlib.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.pactlib.Backoff;
import org.pactlib.registry.PactDefaults;
import org.pactlib.registry.PactRegistry;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks {@link PactProperties} and maps them to the settings of pact-core. Every invalid value
 * throws an {@link InvalidConfigurationPropertyValueException} that names the property and what it
 * allows, so that startup stops with Boot's own failure analysis.
 */
final class PactPropertiesMapper {

	private static final String POSITIVE = "Must be a positive duration, for example 500ms or 1s.";

	private final PactProperties properties;

	PactPropertiesMapper(PactProperties properties) {
		this.properties = properties;
	}

	/**
	 * Checks every value.
	 * @return this mapper
	 * @throws InvalidConfigurationPropertyValueException on the first invalid value
	 */
	PactPropertiesMapper validate() {
		PactProperties p = this.properties;
		requireTimeout("pact.default-timeout", p.getDefaultTimeout());
		requirePositive("pact.poll-interval", p.getPollInterval());
		requireBackoff("pact.backoff", p.getBackoff().getMultiplier(), p.getBackoff().getMaxInterval(),
				p.getBackoff().getJitter());
		p.getNames().forEach((name, named) -> {
			String prefix = "pact.names[" + name + "]";
			if (name.isBlank()) {
				throw new InvalidConfigurationPropertyValueException("pact.names", name,
						"Names must not be blank: use the name given to PactFactory's builder, for example storage.delete.");
			}
			requireTimeout(prefix + ".default-timeout", named.getDefaultTimeout());
			if (named.getPollInterval() != null) {
				requirePositive(prefix + ".poll-interval", named.getPollInterval());
			}
			requireBackoff(prefix + ".backoff", named.getBackoff().getMultiplier(), named.getBackoff().getMaxInterval(),
					named.getBackoff().getJitter());
		});
		requireAtLeastOne("pact.registry.max-pacts", p.getRegistry().getMaxPacts());
		requireNonNegative("pact.registry.overdue-retention", p.getRegistry().getOverdueRetention());
		if (p.getRegistry().getMaxFaultLogLinesPerMinute() < 0) {
			throw new InvalidConfigurationPropertyValueException("pact.registry.max-fault-log-lines-per-minute",
					p.getRegistry().getMaxFaultLogLinesPerMinute(), "Must be 0 (log no fault) or more.");
		}
		requirePositive("pact.poller.tick", p.getPoller().getTick());
		requireAtLeastOne("pact.poller.max-threads", p.getPoller().getMaxThreads());
		requirePositive("pact.poller.slow-poll-threshold", p.getPoller().getSlowPollThreshold());
		if (p.getPoller().getThreadNamePrefix() == null || p.getPoller().getThreadNamePrefix().isBlank()) {
			throw new InvalidConfigurationPropertyValueException("pact.poller.thread-name-prefix",
					p.getPoller().getThreadNamePrefix(), "Must not be blank, for example pact-poller-.");
		}
		requireNonNegative("pact.shutdown.grace-period", p.getShutdown().getGracePeriod());
		return this;
	}

	/**
	 * Applies {@code pact.registry.*} and {@code pact.poller.*} (but the scheduler and its threads) to
	 * a registry builder.
	 * @param builder the builder
	 */
	void applyTo(PactRegistry.Builder builder) {
		PactProperties.Poller poller = this.properties.getPoller();
		builder.tick(poller.getTick())
			.maxPollers(poller.getMaxThreads())
			.slowPollThreshold(poller.getSlowPollThreshold())
			.threadNamePrefix(poller.getThreadNamePrefix())
			.maxPacts(this.properties.getRegistry().getMaxPacts())
			.overdueRetention(this.properties.getRegistry().getOverdueRetention())
			.maxFaultLogLinesPerMinute(this.properties.getRegistry().getMaxFaultLogLinesPerMinute());
	}

	/**
	 * Returns the general defaults of the factory.
	 * @return {@code default-timeout}, {@code poll-interval}, {@code backoff.*} and {@code lazy}
	 */
	PactDefaults defaults() {
		PactProperties p = this.properties;
		PactProperties.Backoff backoff = p.getBackoff();
		return new PactDefaults(p.getDefaultTimeout(),
				backoff(p.getPollInterval(), backoff.getMultiplier(), backoff.getMaxInterval(), backoff.getJitter()),
				p.isLazy());
	}

	/**
	 * Returns the defaults of each configured name; what a name does not set comes from the general
	 * settings.
	 * @return the defaults by name, in the order configured
	 */
	Map<String, PactDefaults> defaultsByName() {
		PactProperties p = this.properties;
		PactProperties.Backoff general = p.getBackoff();
		Map<String, PactDefaults> defaults = new LinkedHashMap<>();
		p.getNames().forEach((name, named) -> {
			PactProperties.NameBackoff backoff = named.getBackoff();
			Duration pollInterval = orElse(named.getPollInterval(), p.getPollInterval());
			defaults.put(name,
					new PactDefaults(orElse(named.getDefaultTimeout(), p.getDefaultTimeout()),
							backoff(pollInterval, orElse(backoff.getMultiplier(), general.getMultiplier()),
									orElse(backoff.getMaxInterval(), general.getMaxInterval()),
									orElse(backoff.getJitter(), general.getJitter())),
							orElse(named.getLazy(), p.isLazy())));
		});
		return defaults;
	}

	private static Backoff backoff(Duration pollInterval, double multiplier, Duration maxInterval, double jitter) {
		Backoff backoff = (multiplier == 1) ? Backoff.fixed(pollInterval) : Backoff.exponential(pollInterval,
				(maxInterval.compareTo(pollInterval) < 0) ? pollInterval : maxInterval, multiplier);
		return (jitter > 0) ? backoff.withJitter(jitter) : backoff;
	}

	private static <T> T orElse(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	private static void requireBackoff(String prefix, @Nullable Double multiplier, @Nullable Duration maxInterval,
			@Nullable Double jitter) {
		if (multiplier != null && !(multiplier >= 1 && multiplier <= 1000)) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".multiplier", multiplier,
					"Must be a number from 1 (fixed interval) to 1000.");
		}
		if (maxInterval != null) {
			requirePositive(prefix + ".max-interval", maxInterval);
		}
		if (jitter != null && !(jitter >= 0 && jitter <= 1)) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".jitter", jitter,
					"Must be a fraction from 0 to 1.");
		}
	}

	private static void requireTimeout(String name, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new InvalidConfigurationPropertyValueException(name, value,
					"Must be a positive duration, for example 30s; leave it unset for no deadline.");
		}
	}

	private static void requirePositive(String name, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(name, value, POSITIVE);
		}
	}

	private static void requireNonNegative(String name, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(name, value,
					"Must be zero or a positive duration, for example 30s.");
		}
	}

	private static void requireAtLeastOne(String name, int value) {
		if (value < 1) {
			throw new InvalidConfigurationPropertyValueException(name, value, "Must be at least 1.");
		}
	}

}
