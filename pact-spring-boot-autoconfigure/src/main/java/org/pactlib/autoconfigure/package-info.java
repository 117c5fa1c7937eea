/**
 * Auto-configuration of pacts for Spring Boot: the registry, its poller, the factory and their
 * properties.
 */
@NullMarked
package org.pactlib.autoconfigure;

import org.jspecify.annotations.NullMarked;
