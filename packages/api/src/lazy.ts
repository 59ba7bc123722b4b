import { DependencyUnavailableError } from '@scc/core';

/**
 * Part of SCC could not be loaded on first use (a damaged deploy, a full /tmp): the request is
 * answered 503 like any other unavailable dependency, and the next request tries again.
 */
export class ModuleLoadError extends DependencyUnavailableError {}

/**
 * Loads something on its first call and hands the same promise to every later one, so the
 * cost of an SDK client or a library falls on the first request that needs it rather than on
 * every cold start. A failed load is not kept: the next call tries again.
 */
export function lazyModule<T>(what: string, load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((cause: unknown) => {
      loading = undefined;
      throw new ModuleLoadError(`Could not load ${what}; try again`, { cause, details: { module: what } });
    }));
}

/**
 * A port (an interface whose methods all return promises) whose adapter, and the SDK behind
 * it, is built on the first call of any of its methods.
 */
export function lazyPort<T extends object>(what: string, create: () => Promise<T>): T {
  const port = lazyModule(what, create);
  return new Proxy({} as T, {
    get(_, method) {
      // Not a thenable, and nothing else is answered for: only the port's own methods.
      if (typeof method !== 'string' || method === 'then') return undefined;
      return async (...args: unknown[]) => {
        const target = (await port()) as Record<string, unknown>;
        const fn = target[method];
        if (typeof fn !== 'function') throw new TypeError(`${what} has no method ${method}`);
        return (fn as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
