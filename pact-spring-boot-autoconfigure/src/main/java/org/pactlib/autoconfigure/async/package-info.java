/**
 * Support for {@code @Async} methods that return a {@link org.pactlib.Pact}.
 */
@NullMarked
package org.pactlib.autoconfigure.async;

import org.jspecify.annotations.NullMarked;
