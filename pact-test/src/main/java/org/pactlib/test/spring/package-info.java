/**
 * Pacts in {@code @SpringBootTest}s: {@link org.pactlib.test.spring.AutoConfigurePacts} and what it
 * brings, a virtual clock, a registry without background polling, and the beans that drive and
 * observe it.
 */
package org.pactlib.test.spring;
