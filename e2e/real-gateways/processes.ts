import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Every gateway runs in the foreground as the spawned child itself (nginx `master_process off; daemon off;`,
 * `haproxy -db`, `caddy run`), so its pid is the one to kill and no grandchild is left behind. Each pid is
 * remembered until it exits: an `exit` handler kills whatever a failed or interrupted test left running.
 */

const running = new Set<number>();

function killRemembered() {
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

process.on('exit', killRemembered);

/** The command's path on PATH or in the sbin dirs, where Debian puts nginx and haproxy (not on a user's PATH). */
export function which(command: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not here
    }
  }
  return null;
}

export interface GatewayProcess {
  pid: number;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<string>;
  /** The graceful stop signal, then SIGKILL if it has not exited within 3 s. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Files that receive the child's stdout and stderr (appended to). */
  stdout: string;
  stderr: string;
  /**
   * The signal that stops it gracefully, writing the log lines of requests still ending: nginx SIGQUIT,
   * HAProxy SIGUSR1 (soft stop), Caddy SIGTERM. HAProxy's SIGTERM drops the line of a request answered
   * a few milliseconds earlier.
   */
  stopSignal: NodeJS.Signals;
}

export function startProcess(command: string, args: string[], options: SpawnOptions): GatewayProcess {
  const out = openSync(options.stdout, 'a');
  const err = openSync(options.stderr, 'a');
  const child = spawn(which(command) ?? command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', out, err] });
  closeSync(out);
  closeSync(err);
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid: number = child.pid;
  running.add(pid);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(pid);
      resolve(signal ?? `exit ${code}`);
    });
    child.once('error', (error) => {
      running.delete(pid);
      resolve(`error ${error.message}`);
    });
  });
  async function stop() {
    if (!running.has(pid)) return;
    child.kill(options.stopSignal);
    const timer = setTimeout(() => running.has(pid) && child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
  return { pid, exited, stop };
}

/** For afterAll: stops every gateway still running, by pid. */
export function stopAllGateways(): void {
  killRemembered();
}

export const isRunning = (pid: number) => running.has(pid);
