package org.pactlib.autoconfigure.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The {@code pact} observation: one per registered pact, from its registration to its end. With
 * Micrometer's {@code DefaultMeterObservationHandler} it gives the Timer {@code pact}, the
 * LongTaskTimer {@code pact.active}, and a counter per event ({@code pact.timeout},
 * {@code pact.condition.errors}, {@code pact.callback.errors}); with a tracing handler, a span.
 */
public enum PactObservationDocumentation implements ObservationDocumentation {

	/**
	 * A registered pact, from its registration to its end.
	 */
	PACT {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPactObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

		@Override
		public Observation.Event[] getEvents() {
			return Events.values();
		}

	};

	/**
	 * Keys that become meter tags.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The name of the kind of operation ({@code default} when the pact was created without one).
		 */
		NAME {
			@Override
			public String asString() {
				return "name";
			}
		},

		/**
		 * How the pact ended: {@code finished}, {@code failed}, {@code cancelled}, or
		 * {@code unregistered} (handed over to another poller). Set at the end.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/**
		 * Whether the pact passed its deadline while pending: {@code true} or {@code false}. Set at the end.
		 */
		OVERDUE {
			@Override
			public String asString() {
				return "overdue";
			}
		},

		/**
		 * Whether the pact is a durable one, kept in a database: {@code true} or {@code false}.
		 */
		DURABLE {
			@Override
			public String asString() {
				return "pact.durable";
			}
		}

	}

	/**
	 * Keys for spans only: never meter tags.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * The registry's id of the pact.
		 */
		ID {
			@Override
			public String asString() {
				return "pact.id";
			}
		},

		/**
		 * The pact's description when it was registered.
		 */
		DESCRIPTION {
			@Override
			public String asString() {
				return "pact.description";
			}
		}

	}

	/**
	 * What happens to a pending pact: span events, and counters named {@code pact.<event>}.
	 */
	public enum Events implements Observation.Event {

		/**
		 * The pact passed its deadline while pending (once per pact).
		 */
		TIMEOUT {
			@Override
			public String getName() {
				return "timeout";
			}

			@Override
			public String getContextualName() {
				return "deadline passed";
			}
		},

		/**
		 * A background poll threw while the pact stayed pending: a condition threw (or a {@code during}
		 * or {@code onTimeout} callback did).
		 */
		CONDITION_ERROR {
			@Override
			public String getName() {
				return "condition.errors";
			}

			@Override
			public String getContextualName() {
				return "condition error";
			}
		},

		/**
		 * A {@code then} or {@code lastly} callback threw as the pact ended.
		 */
		CALLBACK_ERROR {
			@Override
			public String getName() {
				return "callback.errors";
			}

			@Override
			public String getContextualName() {
				return "callback error";
			}
		}

	}

}
