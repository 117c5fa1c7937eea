package org.pactlib.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.pactlib.registry.PactDefaults;

/**
 * The defaults of the auto-configured {@link org.pactlib.registry.PactFactory}, as
 * {@link PactFactoryCustomizer}s see them: the general ones and those of particular names. Not
 * thread-safe; only used while the factory is created.
 */
public final class PactFactoryDefaults {

	private PactDefaults defaults;

	private final Map<String, PactDefaults> byName;

	PactFactoryDefaults(PactDefaults defaults, Map<String, PactDefaults> byName) {
		this.defaults = defaults;
		this.byName = new LinkedHashMap<>(byName);
	}

	/**
	 * Returns the defaults of pacts whose name has none of its own.
	 * @return the general defaults
	 */
	public PactDefaults getDefaults() {
		return this.defaults;
	}

	/**
	 * Replaces the defaults of pacts whose name has none of its own; names configured already keep
	 * theirs.
	 * @param defaults the general defaults
	 */
	public void setDefaults(PactDefaults defaults) {
		this.defaults = Objects.requireNonNull(defaults, "defaults");
	}

	/**
	 * Returns the defaults of one name.
	 * @param name a name
	 * @return its own defaults, or the general ones
	 */
	public PactDefaults getDefaults(String name) {
		return this.byName.getOrDefault(Objects.requireNonNull(name, "name"), this.defaults);
	}

	/**
	 * Sets the defaults of one name.
	 * @param name the low-cardinality name of a kind of operation
	 * @param defaults its defaults
	 */
	public void setDefaults(String name, PactDefaults defaults) {
		Objects.requireNonNull(name, "name");
		this.byName.put(name, Objects.requireNonNull(defaults, "defaults"));
	}

	/**
	 * Changes the defaults of one name, starting from what it has now (its own or the general ones).
	 * @param name the low-cardinality name of a kind of operation
	 * @param change returns the new defaults
	 */
	public void update(String name, UnaryOperator<PactDefaults> change) {
		setDefaults(name, change.apply(getDefaults(name)));
	}

	/**
	 * Returns the defaults of every name that has its own.
	 * @return a copy
	 */
	public Map<String, PactDefaults> getDefaultsByName() {
		return Map.copyOf(this.byName);
	}

}
