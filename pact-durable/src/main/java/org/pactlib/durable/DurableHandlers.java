package org.pactlib.durable;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;

/**
 * The named handlers of durable pacts: every {@link DurableCondition} and {@link DurableCallback} bean of
 * the application context, by bean name, with the payload type each declares. Payloads are written
 * and read as JSON with the application's Jackson mapper. The beans are looked up once, on first use
 * (after the context is refreshed); thread-safe.
 */
public class DurableHandlers {

	private final ConfigurableListableBeanFactory beanFactory;

	private final ObjectMapper mapper;

	private volatile @Nullable Map<String, Handler<DurableCondition<Object>>> conditions;

	private volatile @Nullable Map<String, Handler<DurableCallback<Object>>> callbacks;

	/**
	 * Creates the handlers of a context.
	 * @param beanFactory where the handler beans are
	 * @param mapper the application's Jackson mapper
	 */
	public DurableHandlers(ConfigurableListableBeanFactory beanFactory, ObjectMapper mapper) {
		this.beanFactory = beanFactory;
		this.mapper = mapper;
	}

	/**
	 * Checks that a condition of that name exists.
	 * @param name the handler's name
	 * @throws IllegalArgumentException naming the handler and listing the registered conditions
	 */
	public void requireCondition(String name) {
		Objects.requireNonNull(name, "name");
		if (!conditions().containsKey(name)) {
			throw new IllegalArgumentException("No durable condition named '" + name
					+ "': define a DurableCondition bean of that name; the durable conditions defined are "
					+ conditions().keySet());
		}
	}

	/**
	 * Checks that a callback of that name exists.
	 * @param name the handler's name
	 * @param use how the pact uses it ({@code then}, {@code lastly}, {@code onTimeout}), for the message
	 * @throws IllegalArgumentException naming the handler and listing the registered callbacks
	 */
	public void requireCallback(String name, String use) {
		Objects.requireNonNull(name, use);
		if (!callbacks().containsKey(name)) {
			throw new IllegalArgumentException("No durable callback named '" + name + "' (given to " + use
					+ "): define a DurableCallback bean of that name; the durable callbacks defined are "
					+ callbacks().keySet());
		}
	}

	/**
	 * Returns the names of the conditions defined.
	 * @return the names, sorted
	 */
	public Set<String> conditionNames() {
		return conditions().keySet();
	}

	/**
	 * Returns the names of the callbacks defined.
	 * @return the names, sorted
	 */
	public Set<String> callbackNames() {
		return callbacks().keySet();
	}

	/**
	 * Writes a payload as JSON.
	 * @param payload the payload, or {@code null}
	 * @return the JSON, or {@code null} for no payload
	 * @throws IllegalArgumentException if the mapper cannot write it
	 */
	public @Nullable String toJson(@Nullable Object payload) {
		if (payload == null) {
			return null;
		}
		try {
			return this.mapper.writeValueAsString(payload);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Cannot write the payload of a durable pact as JSON: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * Asks a condition, with the payload read as the type it declares.
	 * @param name the condition's name
	 * @param payload the payload's JSON, or {@code null}
	 * @param context the pact and the call
	 * @return what the condition answered
	 * @throws Exception what the condition threw, or why the handler or payload could not be resolved
	 */
	public boolean isDone(String name, @Nullable String payload, DurablePactContext context) throws Exception {
		Handler<DurableCondition<Object>> handler = conditions().get(name);
		if (handler == null) {
			throw new IllegalStateException("No durable condition named '" + name + "' on this instance; defined: "
					+ conditions().keySet());
		}
		return handler.bean().isDone(read(payload, handler.payloadType()), context);
	}

	/**
	 * Runs a callback, with the payload read as the type it declares.
	 * @param name the callback's name
	 * @param payload the payload's JSON, or {@code null}
	 * @param context the pact, the call and its idempotency key
	 * @throws Exception what the callback threw, or why the handler or payload could not be resolved
	 */
	public void run(String name, @Nullable String payload, DurablePactContext context) throws Exception {
		Handler<DurableCallback<Object>> handler = callbacks().get(name);
		if (handler == null) {
			throw new IllegalStateException("No durable callback named '" + name + "' on this instance; defined: "
					+ callbacks().keySet());
		}
		handler.bean().run(read(payload, handler.payloadType()), context);
	}

	private @Nullable Object read(@Nullable String payload, JavaType type) {
		return (payload != null) ? this.mapper.readValue(payload, type) : null;
	}

	private Map<String, Handler<DurableCondition<Object>>> conditions() {
		Map<String, Handler<DurableCondition<Object>>> found = this.conditions;
		if (found == null) {
			found = lookUp(DurableCondition.class);
			this.conditions = found;
		}
		return found;
	}

	private Map<String, Handler<DurableCallback<Object>>> callbacks() {
		Map<String, Handler<DurableCallback<Object>>> found = this.callbacks;
		if (found == null) {
			found = lookUp(DurableCallback.class);
			this.callbacks = found;
		}
		return found;
	}

	@SuppressWarnings("unchecked")
	private <T> Map<String, Handler<T>> lookUp(Class<?> handlerType) {
		Map<String, Handler<T>> found = new TreeMap<>();
		this.beanFactory.getBeansOfType(handlerType).forEach((name, bean) -> found.put(name,
				new Handler<>((T) bean, payloadType(name, bean, handlerType))));
		return java.util.Collections.unmodifiableMap(found);
	}

	private JavaType payloadType(String beanName, Object bean, Class<?> handlerType) {
		ResolvableType declared;
		try {
			declared = this.beanFactory.getMergedBeanDefinition(beanName).getResolvableType();
		}
		catch (NoSuchBeanDefinitionException ex) {
			declared = ResolvableType.NONE;
		}
		ResolvableType payload = declared.as(handlerType).getGeneric(0);
		if (payload.resolve() == null) {
			payload = ResolvableType.forClass(bean.getClass()).as(handlerType).getGeneric(0);
		}
		Type type = (payload.resolve() != null) ? payload.getType() : Object.class;
		return this.mapper.getTypeFactory().constructType(type);
	}

	private record Handler<T>(T bean, JavaType payloadType) {

	}

}
