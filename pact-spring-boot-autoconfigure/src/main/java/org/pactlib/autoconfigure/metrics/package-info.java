/**
 * Metrics of the pact registry's own threads, with Micrometer.
 */
@NullMarked
package org.pactlib.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
