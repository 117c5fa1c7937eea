package org.pactlib.autoconfigure.metrics;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Gives the meters of the {@code pact} observation a description (the {@code # HELP} line of a
 * Prometheus scrape) where Micrometer's meter observation handler registers them without one. A
 * description given otherwise is kept.
 */
public class PactMeterDescriptions implements MeterFilter {

	private static final Map<String, String> DESCRIPTIONS = Map.of(
			"pact", "Pacts that ended, from registration to end, by name, outcome and whether they were overdue",
			"pact.active", "Pacts registered and not ended yet, by name",
			"pact.timeout", "Pacts that passed their deadline while pending, by name",
			"pact.condition.errors", "Background polls whose condition threw while the pact stayed pending, by name",
			"pact.callback.errors", "Then or lastly callbacks that threw as a pact ended, by name");

	/**
	 * Adds the description of a pact meter that has none.
	 * @param id the meter's id
	 * @return the id, with a description if it is a pact meter
	 */
	@Override
	public Meter.Id map(Meter.Id id) {
		String description = (id.getDescription() == null) ? DESCRIPTIONS.get(id.getName()) : null;
		if (description == null) {
			return id;
		}
		return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description,
				id.getType());
	}

}
