/**
 * Runs the deployed artefact, assets/on-event/index.js, in a child Node process (as Lambda would: its own module
 * scope, its own bundled SDK), so that tests exercise exactly what ships.
 */
import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';

export const BUNDLE = path.join(__dirname, '../../assets/on-event/index.js');

interface Reply {
  readonly id: number;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly name: string; readonly message: string };
}

export class BundledHandler {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private nextId = 1;

  /** Starts the "container" with `env` added to this process's environment. */
  constructor(env: Record<string, string>) {
    this.child = fork(path.join(__dirname, 'bundle-host.cjs'), [BUNDLE], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.child.on('message', (reply: Reply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  /** Invokes the handler; rejects with an Error carrying the handler's error name and message. */
  async invoke(event: object, remainingMs = 600_000): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const reply = await new Promise<Reply>((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ id, event, remainingMs });
    });
    if (reply.error) throw Object.assign(new Error(reply.error.message), { name: reply.error.name });
    return reply.result ?? {};
  }

  stop(): void {
    this.child.kill();
  }
}
