package org.pactlib.autoconfigure.async;

import java.lang.reflect.Method;
import java.util.concurrent.RejectedExecutionException;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.pactlib.PactBase;
import org.pactlib.registry.PactFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.AnnotationAsyncExecutionInterceptor;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.util.ClassUtils;
import org.springframework.util.ObjectUtils;

/**
 * Runs {@code @Async} methods that return a pact: the caller gets at once a pact registered under the
 * name {@code SimpleClassName.method}, described as the call ({@code SimpleClassName.method(arguments)},
 * each argument shortened) until the body returns, then as the pact the body returned. The method
 * body runs on the executor that Spring would use (the {@code AsyncConfigurer}'s, the one named by {@code @Async("...")}, or the default one, such as Boot's
 * {@code applicationTaskExecutor}), and returns at once with the pact of the operation it started.
 * The caller's pact then polls that pact, so no executor thread is held while it is pending, and ends
 * with it: it finishes when it finishes and fails with its failure, or with what the body threw; its
 * snapshot shows the conditions of the body's pact. Exceptions go to the pact, as they go to the
 * future of a {@code Future} method, never to the {@code AsyncUncaughtExceptionHandler}.
 * Pacts the body registers are held back until it returns, and the one it returns is never
 * registered, so each call appears once in the registry. The other way round, when the caller's pact
 * ends without finishing (cancelled, failed, dropped, or cancelled at shutdown), the returned pact is
 * cancelled, and a body that has not started yet does not run. Every other method goes to Spring's
 * own async interceptor.
 */
public class PactAsyncExecutionInterceptor extends AnnotationAsyncExecutionInterceptor {

	static final int MAX_ARGUMENT_LENGTH = 40;

	private final MethodInterceptor springInterceptor;

	private final ObjectProvider<PactFactory> pactFactory;

	/**
	 * Creates the interceptor.
	 * @param springInterceptor Spring's async interceptor, for methods that do not return a pact
	 * @param pactFactory the factory of the pacts handed to callers
	 * @param beanFactory where executors are looked up
	 */
	public PactAsyncExecutionInterceptor(MethodInterceptor springInterceptor, ObjectProvider<PactFactory> pactFactory,
			@Nullable BeanFactory beanFactory) {
		super(null);
		this.springInterceptor = springInterceptor;
		this.pactFactory = pactFactory;
		if (beanFactory != null) {
			setBeanFactory(beanFactory);
			ObjectProvider<AsyncConfigurer> configurers = beanFactory.getBeanProvider(AsyncConfigurer.class);
			configure(() -> {
				AsyncConfigurer configurer = configurers.getIfUnique();
				return (configurer != null) ? configurer.getAsyncExecutor() : null;
			}, null);
		}
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		if (!PactBase.class.isAssignableFrom(method.getReturnType())) {
			return this.springInterceptor.invoke(invocation);
		}
		Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis())
				: method.getDeclaringClass();
		Method userMethod = BridgeMethodResolver.getMostSpecificMethod(method, targetClass);
		AsyncTaskExecutor executor = determineAsyncExecutor(userMethod);
		if (executor == null) {
			throw new IllegalStateException("No executor for @Async method " + targetClass.getName() + "."
					+ method.getName() + ": define a TaskExecutor bean or name one in @Async(\"...\")");
		}
		String name = ClassUtils.getShortName(targetClass) + "." + method.getName();
		PactAsyncCall call = new PactAsyncCall(invocation, this.pactFactory.getObject(), name,
				describe(name, invocation.getArguments()));
		try {
			executor.execute(call::runBody);
		}
		catch (RejectedExecutionException ex) {
			call.pact().fail(ex);
			throw ex;
		}
		return call.pact();
	}

	/**
	 * Describes a call as {@code SimpleClassName.method(arguments)}, each argument shortened to at most
	 * {@value #MAX_ARGUMENT_LENGTH} characters.
	 */
	static String describe(String name, Object[] arguments) {
		StringBuilder description = new StringBuilder(name).append('(');
		for (int i = 0; i < arguments.length; i++) {
			String argument = ObjectUtils.nullSafeToString(arguments[i]);
			description.append((i > 0) ? ", " : "")
				.append((argument.length() > MAX_ARGUMENT_LENGTH)
						? argument.substring(0, MAX_ARGUMENT_LENGTH - 3) + "..." : argument);
		}
		return description.append(')').toString();
	}

}
