/**
 * The {@code pacts} health contributor.
 */
@NullMarked
package org.pactlib.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
