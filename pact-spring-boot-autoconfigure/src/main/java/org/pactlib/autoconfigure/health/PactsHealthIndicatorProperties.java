package org.pactlib.autoconfigure.health;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code pacts} health contributor, under {@code management.health.pacts}.
 * Plain data: {@link PactsHealthContributorAutoConfiguration} checks the values at startup.
 */
@ConfigurationProperties("management.health.pacts")
public class PactsHealthIndicatorProperties {

	/**
	 * How many overdue pacts are tolerated: the status changes to overdue-status when more than this
	 * many are overdue. Must not be negative.
	 */
	private int overdueThreshold = 0;

	/**
	 * The status when more than overdue-threshold pacts are overdue, such as DOWN or OUT_OF_SERVICE (or
	 * a status of your own, ordered with management.endpoint.health.status.order). By default the
	 * status stays UP.
	 */
	private String overdueStatus = "UP";

	/**
	 * Returns how many overdue pacts are tolerated.
	 * @return the threshold
	 */
	public int getOverdueThreshold() {
		return this.overdueThreshold;
	}

	/**
	 * Sets how many overdue pacts are tolerated.
	 * @param overdueThreshold the threshold
	 */
	public void setOverdueThreshold(int overdueThreshold) {
		this.overdueThreshold = overdueThreshold;
	}

	/**
	 * Returns the status when more pacts than the threshold are overdue.
	 * @return the status code
	 */
	public String getOverdueStatus() {
		return this.overdueStatus;
	}

	/**
	 * Sets the status when more pacts than the threshold are overdue.
	 * @param overdueStatus the status code
	 */
	public void setOverdueStatus(String overdueStatus) {
		this.overdueStatus = overdueStatus;
	}

}
