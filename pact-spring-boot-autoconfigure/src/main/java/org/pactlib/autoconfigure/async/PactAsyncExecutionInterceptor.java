package org.pactlib.autoconfigure.async;

import java.lang.reflect.Method;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.pactlib.Pact;
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

/**
 * Runs {@code @Async} methods that return a pact: the caller gets at once a pact registered under the
 * name {@code SimpleClassName.method}; the method body runs on the executor that Spring would use (the
 * {@code AsyncConfigurer}'s, the one named by {@code @Async("...")}, or the default one, such as Boot's
 * {@code applicationTaskExecutor}), and returns at once with the pact of the operation it started.
 * The caller's pact then polls that pact, so no executor thread is held while it is pending, and ends
 * with it: it finishes when it finishes and fails when it fails, is cancelled or when the body throws.
 * A pact the body created through the {@code PactFactory} is unregistered, so each call appears once in
 * the registry. Every other method goes to Spring's own async interceptor.
 */
public class PactAsyncExecutionInterceptor extends AnnotationAsyncExecutionInterceptor {

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
		PactFactory factory = this.pactFactory.getObject();
		String name = ClassUtils.getShortName(targetClass) + "." + method.getName();
		CompletableFuture<@Nullable PactBase> returned = new CompletableFuture<>();
		CompletableFuture<Void> returnedEnded = new CompletableFuture<>();
		Pact pact = factory.builder(name + "()")
			.name(name)
			.untilComplete(returned)
			.until(() -> pollReturnedPact(returned))
			.untilComplete(returnedEnded)
			.create();
		try {
			executor.execute(() -> runBody(invocation, factory, returned, returnedEnded));
		}
		catch (RejectedExecutionException ex) {
			pact.fail(ex);
			throw ex;
		}
		return pact;
	}

	private static void runBody(MethodInvocation invocation, PactFactory factory,
			CompletableFuture<@Nullable PactBase> returned, CompletableFuture<Void> returnedEnded) {
		PactBase result;
		try {
			result = (PactBase) invocation.proceed();
		}
		catch (Throwable ex) {
			returned.completeExceptionally(ex);
			return;
		}
		if (result == null) {
			returnedEnded.complete(null);
		}
		else {
			factory.getRegistry().unregister(result);
			result.lastly(() -> completeWithOutcome(returnedEnded, result));
		}
		returned.complete(result);
	}

	private static boolean pollReturnedPact(CompletableFuture<@Nullable PactBase> returned) {
		if (!returned.isDone() || returned.isCompletedExceptionally()) {
			return false;
		}
		PactBase result = returned.join();
		if (result == null) {
			return true;
		}
		result.tryPoll();
		return result.state().isEnded();
	}

	private static void completeWithOutcome(CompletableFuture<Void> returnedEnded, PactBase result) {
		switch (result.state()) {
			case FINISHED -> returnedEnded.complete(null);
			case FAILED -> returnedEnded.completeExceptionally(result.getFailure());
			default -> returnedEnded.completeExceptionally(new CancellationException(result + " was cancelled"));
		}
	}

}
