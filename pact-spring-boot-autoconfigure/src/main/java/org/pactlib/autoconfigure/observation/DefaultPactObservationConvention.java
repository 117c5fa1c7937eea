package org.pactlib.autoconfigure.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.pactlib.autoconfigure.observation.PactObservationDocumentation.HighCardinalityKeyNames;
import org.pactlib.autoconfigure.observation.PactObservationDocumentation.LowCardinalityKeyNames;

/**
 * The default {@link PactObservationConvention}: observation {@code pact}, contextual name
 * {@code pact <name>}; low cardinality keys {@code name} and {@code pact.durable} from the start, {@code outcome} and
 * {@code overdue} at the end; high cardinality keys {@code pact.id} and {@code pact.description}.
 * Extend it to add keys of your own.
 */
public class DefaultPactObservationConvention implements PactObservationConvention {

	/** The name of the observation, and so of its Timer and the prefix of its other meters. */
	public static final String NAME = "pact";

	/**
	 * Returns {@code pact}.
	 * @return the observation's name
	 */
	@Override
	public String getName() {
		return NAME;
	}

	/**
	 * Returns {@code pact <name>}, the span's name.
	 * @param context the pact's context
	 * @return the contextual name
	 */
	@Override
	public String getContextualName(PactObservationContext context) {
		return NAME + " " + context.getPactName();
	}

	/**
	 * Returns the pact's {@code name} and {@code pact.durable}; once it ended, its {@code outcome} and {@code overdue} too.
	 * @param context the pact's context
	 * @return the low cardinality key values
	 */
	@Override
	public KeyValues getLowCardinalityKeyValues(PactObservationContext context) {
		KeyValues values = KeyValues.of(KeyValue.of(LowCardinalityKeyNames.NAME, context.getPactName()),
				KeyValue.of(LowCardinalityKeyNames.DURABLE, Boolean.toString(context.isDurable())));
		String outcome = context.getOutcome();
		if (outcome != null) {
			values = values.and(KeyValue.of(LowCardinalityKeyNames.OUTCOME, outcome),
					KeyValue.of(LowCardinalityKeyNames.OVERDUE, Boolean.toString(context.isOverdue())));
		}
		return values;
	}

	/**
	 * Returns the pact's id and description, for spans.
	 * @param context the pact's context
	 * @return the high cardinality key values
	 */
	@Override
	public KeyValues getHighCardinalityKeyValues(PactObservationContext context) {
		return KeyValues.of(KeyValue.of(HighCardinalityKeyNames.ID, context.getPactId()),
				KeyValue.of(HighCardinalityKeyNames.DESCRIPTION, context.getDescription()));
	}

}
