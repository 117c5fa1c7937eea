package org.pactlib.autoconfigure.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.pactlib.PactState;
import org.pactlib.registry.PactRegistry;
import org.pactlib.registry.PactRegistrySummary;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code pacts} health contributor: how many pacts are registered, by state, how many are overdue,
 * and the age of the oldest pending one. {@code UP}, unless more pacts are overdue than the threshold:
 * then the configured status (by default {@code UP} too: overdue pacts are reported, not judged).
 */
public class PactsHealthIndicator extends AbstractHealthIndicator {

	private final PactRegistry registry;

	private final int overdueThreshold;

	private final Status overdueStatus;

	/**
	 * Creates the indicator.
	 * @param registry the registry whose pacts it counts
	 * @param overdueThreshold how many overdue pacts are tolerated before the status changes
	 * @param overdueStatus the status when more pacts than that are overdue
	 */
	public PactsHealthIndicator(PactRegistry registry, int overdueThreshold, Status overdueStatus) {
		super("Pacts health check failed");
		this.registry = registry;
		this.overdueThreshold = overdueThreshold;
		this.overdueStatus = overdueStatus;
	}

	/**
	 * Counts the registered pacts and decides the status.
	 * @param builder the builder of the answer
	 */
	@Override
	protected void doHealthCheck(Health.Builder builder) {
		PactRegistrySummary summary = this.registry.summary();
		builder.status((summary.overdue() > this.overdueThreshold) ? this.overdueStatus : Status.UP);
		builder.withDetail("total", summary.total());
		Map<String, Integer> states = new LinkedHashMap<>();
		for (PactState state : PactState.values()) {
			states.put(state.name().toLowerCase(Locale.ROOT), summary.byState().getOrDefault(state, 0));
		}
		builder.withDetail("states", states);
		builder.withDetail("overdue", summary.overdue());
		builder.withDetail("overdueThreshold", this.overdueThreshold);
		if (summary.oldestCreatedAt() != null) {
			Duration age = Duration.between(summary.oldestCreatedAt(), this.registry.getClock().instant());
			builder.withDetail("oldestPendingAge", age.toString());
		}
	}

}
