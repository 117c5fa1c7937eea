package org.pactlib.autoconfigure.actuate;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code pacts} endpoint, under {@code management.endpoint.pacts}. Plain data:
 * {@link PactsEndpointAutoConfiguration} checks the values at startup.
 */
@ConfigurationProperties("management.endpoint.pacts")
public class PactsEndpointProperties {

	/**
	 * When to show descriptions, failures and exception messages (they may carry paths and ids). When
	 * not shown, they read as "******". Descriptions are what the endpoint is for, hence ALWAYS.
	 */
	private Show showValues = Show.ALWAYS;

	/**
	 * Roles a user needs to see descriptions and messages when show-values is WHEN_AUTHORIZED. When
	 * empty, any authenticated user sees them.
	 */
	private final Set<String> roles = new HashSet<>();

	/**
	 * How many pacts the list shows when the request gives no limit. From 0 to max-limit.
	 */
	private int defaultLimit = 100;

	/**
	 * The largest limit a request may ask for. Must be positive.
	 */
	private int maxLimit = 1000;

	/**
	 * Returns when descriptions, failures and exception messages are shown.
	 * @return the setting
	 */
	public Show getShowValues() {
		return this.showValues;
	}

	/**
	 * Sets when descriptions, failures and exception messages are shown.
	 * @param showValues the setting
	 */
	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	/**
	 * Returns the roles that see values when {@code show-values} is {@code when-authorized}.
	 * @return the roles, modifiable
	 */
	public Set<String> getRoles() {
		return this.roles;
	}

	/**
	 * Returns how many pacts a list shows when the request gives no limit.
	 * @return the default limit
	 */
	public int getDefaultLimit() {
		return this.defaultLimit;
	}

	/**
	 * Sets how many pacts a list shows when the request gives no limit.
	 * @param defaultLimit the default limit
	 */
	public void setDefaultLimit(int defaultLimit) {
		this.defaultLimit = defaultLimit;
	}

	/**
	 * Returns the largest limit a request may give.
	 * @return the maximum limit
	 */
	public int getMaxLimit() {
		return this.maxLimit;
	}

	/**
	 * Sets the largest limit a request may give.
	 * @param maxLimit the maximum limit
	 */
	public void setMaxLimit(int maxLimit) {
		this.maxLimit = maxLimit;
	}

}
