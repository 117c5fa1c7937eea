package org.pactlib.autoconfigure.actuate;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.pactlib.PactBase;
import org.pactlib.PactState;
import org.pactlib.registry.RegisteredPact;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * The query parameters of {@code GET /actuator/pacts}, checked: {@code state}, {@code name},
 * {@code overdue} and {@code limit}. Parameters arrive as text so that a bad value is answered with a
 * message that names the parameter and what it accepts.
 *
 * @param state only pacts in this state, or {@code null} for any
 * @param name only pacts of this name, or {@code null} for any
 * @param overdue only overdue pacts ({@code true}), only the others ({@code false}), or {@code null} for any
 * @param limit how many pacts to list at most
 */
public record PactsQuery(@Nullable PactState state, @Nullable String name, @Nullable Boolean overdue, int limit)
		implements Predicate<RegisteredPact> {

	private static final String STATES = Arrays.stream(PactState.values())
		.map((state) -> state.name().toLowerCase(Locale.ROOT))
		.collect(Collectors.joining(", "));

	/**
	 * Parses and checks the query parameters.
	 * @param state a {@link PactState} name, in any case, or {@code null}
	 * @param name a pact name, or {@code null}
	 * @param overdue {@code true}, {@code false} or {@code null}
	 * @param limit a whole number from 0 to {@code maxLimit}, or {@code null} for {@code defaultLimit}
	 * @param defaultLimit the limit when none is given
	 * @param maxLimit the largest limit accepted
	 * @return the query
	 * @throws InvalidEndpointRequestException naming the bad parameter and what it accepts
	 */
	public static PactsQuery parse(@Nullable String state, @Nullable String name, @Nullable String overdue,
			@Nullable String limit, int defaultLimit, int maxLimit) {
		return new PactsQuery(parseState(state), blankToNull(name), parseOverdue(overdue),
				parseLimit(limit, defaultLimit, maxLimit));
	}

	private static @Nullable PactState parseState(@Nullable String state) {
		if (blankToNull(state) == null) {
			return null;
		}
		try {
			return PactState.valueOf(state.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("state", state, "one of " + STATES);
		}
	}

	private static @Nullable Boolean parseOverdue(@Nullable String overdue) {
		if (blankToNull(overdue) == null) {
			return null;
		}
		return switch (overdue.trim().toLowerCase(Locale.ROOT)) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			default -> throw invalid("overdue", overdue, "true or false");
		};
	}

	private static int parseLimit(@Nullable String limit, int defaultLimit, int maxLimit) {
		if (blankToNull(limit) == null) {
			return defaultLimit;
		}
		String allowed = "a whole number from 0 to " + maxLimit;
		int value;
		try {
			value = Integer.parseInt(limit.trim());
		}
		catch (NumberFormatException ex) {
			throw invalid("limit", limit, allowed);
		}
		if (value < 0 || value > maxLimit) {
			throw invalid("limit", limit, allowed);
		}
		return value;
	}

	private static InvalidEndpointRequestException invalid(String parameter, String value, String allowed) {
		String message = "Invalid value '" + value + "' for parameter '" + parameter + "': must be " + allowed;
		return new InvalidEndpointRequestException(message, message);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	/**
	 * Returns whether a registered pact matches every given parameter.
	 * @param registered the pact, as the registry lists it
	 * @return {@code true} if it matches
	 */
	@Override
	public boolean test(RegisteredPact registered) {
		if (this.name != null && !this.name.equals(registered.name())) {
			return false;
		}
		if (this.overdue != null && this.overdue != (registered.overdueSince() != null)) {
			return false;
		}
		if (this.state != null) {
			PactBase pact = registered.pact();
			return pact != null && pact.state() == this.state;
		}
		return true;
	}

}
