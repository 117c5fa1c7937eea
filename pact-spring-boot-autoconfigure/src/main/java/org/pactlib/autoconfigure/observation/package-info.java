/**
 * Each registered pact as a Micrometer {@code Observation} named {@code pact}: meters and traces.
 */
@NullMarked
package org.pactlib.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
