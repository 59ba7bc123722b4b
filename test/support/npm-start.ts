import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FREE_PORTS } from './stack';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface NpmStart {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Waits for the banner; throws with the output so far if the process ends first. */
  banner(): Promise<{ apiUrl: string; outboxUrl: string }>;
  /** The exit code, waiting at most `ms`. */
  exit(ms?: number): Promise<number | null>;
  /** Sends the signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * `npm start` as a user runs it (main.ts under tsx, in its own process), on free ports with
 * the calendar off unless `env` says otherwise. The SDK's Node-version switch from the test
 * runner's environment is left out, so the process shows what a user's terminal would.
 */
export function spawnNpmStart(env: Record<string, string>): NpmStart {
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _, ...parent } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/local/src/main.ts'], {
    cwd: ROOT,
    env: { ...parent, ...FREE_PORTS, LOCAL_CALENDAR: 'off', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const exit = (ms = 20_000) =>
    Promise.race([
      exited,
      new Promise<never>((_resolve, reject) =>
        setTimeout(() => reject(new Error(`npm start did not exit within ${ms} ms:\n${out}\n${err}`)), ms).unref(),
      ),
    ]);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    banner: async () => {
      for (let waited = 0; !out.includes('Press Ctrl-C'); waited += 50) {
        if (waited > 30_000 || child.exitCode !== null) throw new Error(`npm start did not come up:\n${out}\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return {
        apiUrl: /API\s+(http:\/\/\S+)/.exec(out)?.[1] ?? '',
        outboxUrl: /Email outbox\s+(http:\/\/\S+)/.exec(out)?.[1] ?? '',
      };
    },
    exit,
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode === null) child.kill(signal);
      return exit();
    },
  };
}
