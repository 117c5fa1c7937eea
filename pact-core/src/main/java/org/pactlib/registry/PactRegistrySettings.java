package org.pactlib.registry;

import java.time.Duration;

/**
 * The settings a {@link PactRegistry} was built with, as {@link PactRegistry#getSettings()} returns
 * them.
 *
 * @param tick how often the periodic task looks for due pacts
 * @param maxPollers how many poller threads may run at once
 * @param slowPollThreshold how long one poll may hold a poller before the pacts behind it go to
 * other pollers
 * @param overdueRetention how long a pact stays registered after its deadline before it is cancelled
 * @param maxPacts how many pacts may be registered at once
 * @param maxFaultLogLinesPerMinute how many lines a minute are logged at most for each kind of
 * {@linkplain PactFault fault} and pact name
 */
public record PactRegistrySettings(Duration tick, int maxPollers, Duration slowPollThreshold,
		Duration overdueRetention, int maxPacts, int maxFaultLogLinesPerMinute) {

}
