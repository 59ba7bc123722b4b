import { DependencyUnavailableError } from '@scc/core';
import { describe, expect, it } from 'vitest';
import { lazyModule, lazyPort, ModuleLoadError } from './lazy';

interface Greeter {
  greet(name: string): Promise<string>;
}

describe('lazyModule', () => {
  it('loads nothing until the first call, then once for every caller', async () => {
    // Prepare
    let loads = 0;
    const load = lazyModule('a greeting', async () => ({ loaded: ++loads }));

    // Act
    const before = loads;
    const [first, second] = await Promise.all([load(), load()]);
    const third = await load();

    // Assess
    expect(before).toBe(0);
    expect(loads).toBe(1);
    expect(first).toBe(second);
    expect(third).toBe(first);
  });

  it('turns a failed load into a 503-class error naming the module, and tries again next time', async () => {
    // Prepare
    let attempt = 0;
    const cause = new Error('Cannot find module ./chunks/client-s3.mjs');
    const load = lazyModule('the S3 client', async () => {
      if (++attempt === 1) throw cause;
      return 'client';
    });

    // Act
    const failure = await load().catch((error: unknown) => error);
    const retried = await load();

    // Assess
    expect(failure).toBeInstanceOf(ModuleLoadError);
    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    expect(failure).toMatchObject({ code: 'dependency_unavailable', message: 'Could not load the S3 client; try again', details: { module: 'the S3 client' }, cause });
    expect(retried).toBe('client');
    expect(attempt).toBe(2);
  });
});

describe('lazyPort', () => {
  it('builds the adapter on the first method call and forwards every call to it', async () => {
    // Prepare
    let built = 0;
    const port = lazyPort<Greeter>('the greeter', async () => {
      built++;
      return { prefix: 'Ahoy', async greet(this: { prefix: string }, name: string) { return `${this.prefix}, ${name}`; } } as Greeter;
    });

    // Act
    const before = built;
    const answers = [await port.greet('Ana'), await port.greet('Ben')];

    // Assess
    expect(before).toBe(0);
    expect(answers).toEqual(['Ahoy, Ana', 'Ahoy, Ben']);
    expect(built).toBe(1);
  });

  it('is not a thenable, so it can be returned from async code as itself', async () => {
    const port = lazyPort<Greeter>('the greeter', async () => ({ greet: async () => 'hi' }));
    const resolved = await (async () => port)();
    expect(resolved).toBe(port);
  });

  it('rejects the call with the load error when the adapter cannot be loaded, and a missing method as a bug', async () => {
    const broken = lazyPort<Greeter>('the mailer', async () => {
      throw new Error('chunk missing');
    });
    const partial = lazyPort<Greeter>('the greeter', async () => ({}) as Greeter);

    await expect(broken.greet('Ana')).rejects.toBeInstanceOf(ModuleLoadError);
    await expect(partial.greet('Ana')).rejects.toThrow(new TypeError('the greeter has no method greet'));
  });
});
