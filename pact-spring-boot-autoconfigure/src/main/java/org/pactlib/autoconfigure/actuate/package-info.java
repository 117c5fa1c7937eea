/**
 * The {@code pacts} actuator endpoint: what is pending in the pact registry, and cancelling one.
 */
@NullMarked
package org.pactlib.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
