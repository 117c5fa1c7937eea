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
import org.pactlib.registry.PactRegistry;

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
 * Pacts the body registers are held back until it returns, and the one it returns is never
 * registered, so each call appears once in the registry. The other way round, when the caller's pact
 * ends without finishing (cancelled, failed, dropped, or cancelled at shutdown), the returned pact is
 * cancelled, and a body that has not started yet does not run. Every other method goes to Spring's
 * own async interceptor.
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
		AsyncCall call = new AsyncCall(invocation, this.pactFactory.getObject(),
				ClassUtils.getShortName(targetClass) + "." + method.getName());
		try {
			executor.execute(call::runBody);
		}
		catch (RejectedExecutionException ex) {
			call.pact.fail(ex);
			throw ex;
		}
		return call.pact;
	}

	/**
	 * One call of an {@code @Async} method: the caller's pact, and the pact the body returned.
	 */
	private static final class AsyncCall {

		private final MethodInvocation invocation;

		private final PactRegistry registry;

		private final CompletableFuture<@Nullable PactBase> returned = new CompletableFuture<>();

		private final CompletableFuture<Void> returnedEnded = new CompletableFuture<>();

		private final Pact pact;

		AsyncCall(MethodInvocation invocation, PactFactory factory, String name) {
			this.invocation = invocation;
			this.registry = factory.getRegistry();
			this.pact = factory.builder(name + "()")
				.name(name)
				.untilComplete(this.returned)
				.until(this::pollReturnedPact)
				.untilComplete(this.returnedEnded)
				.lastly(this::cancelReturnedPactUnlessFinished)
				.create();
		}

		/**
		 * Runs the method body on the executor, unless the caller's pact ended meanwhile, and takes over
		 * the pact it returns, which is then registered only through the caller's pact.
		 */
		void runBody() {
			if (this.pact.state().isEnded()) {
				return;
			}
			PactBase result;
			try (PactRegistry.HeldRegistrations held = this.registry.holdRegistrations()) {
				result = (PactBase) this.invocation.proceed();
				if (result != null && !held.takeOver(result)) {
					this.registry.unregister(result);
				}
			}
			catch (Throwable ex) {
				this.returned.completeExceptionally(ex);
				return;
			}
			if (result == null) {
				this.returnedEnded.complete(null);
			}
			else {
				result.lastly(() -> completeWithOutcome(result));
			}
			this.returned.complete(result);
			cancelReturnedPactUnlessFinished();
		}

		private boolean pollReturnedPact() {
			PactBase result = returnedPact();
			if (result == null) {
				return this.returned.isDone() && !this.returned.isCompletedExceptionally();
			}
			result.tryPoll();
			return result.state().isEnded();
		}

		private void completeWithOutcome(PactBase result) {
			switch (result.state()) {
				case FINISHED -> this.returnedEnded.complete(null);
				case FAILED -> this.returnedEnded.completeExceptionally(result.getFailure());
				default -> this.returnedEnded.completeExceptionally(new CancellationException(result + " was cancelled"));
			}
		}

		/**
		 * Cancels the pact the body returned once the caller's pact has ended without finishing
		 * (cancelled, failed, dropped when overdue, cancelled at shutdown): nobody would poll it again.
		 */
		private void cancelReturnedPactUnlessFinished() {
			PactBase result = returnedPact();
			if (result != null && this.pact.state().isEnded() && !this.pact.isFinished()) {
				result.cancel();
			}
		}

		private @Nullable PactBase returnedPact() {
			return (this.returned.isDone() && !this.returned.isCompletedExceptionally()) ? this.returned.join() : null;
		}

	}

}
