import { Environment } from '@controlplane/plugin-flags-common';
import { Response } from 'express';
import { FlagConfigCache } from './FlagConfigCache';
import { FlagSnapshot } from './FlagSnapshot';

interface Listener {
  tenant: string;
  environment: Environment;
  fingerprint: string;
  res: Response;
  /** Who holds the stream (an app's name), for the per-app limit. */
  holder: string;
  /** Whether the caller may still read the tenant's flags. */
  stillAllowed: () => Promise<boolean>;
}

/** What opening a stream needs to know of its caller. */
export interface StreamCaller {
  holder: string;
  stillAllowed: () => Promise<boolean>;
}

/**
 * The server-sent events of `GET /client/stream` on this instance. A new
 * snapshot (after a change event from any instance, or the poll) is
 * compared per connection with what the app last heard: only apps whose
 * tenant's flags changed are told to refetch.
 */
export class ChangeStream {
  readonly #listeners = new Set<Listener>();
  #heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly cache: FlagConfigCache,
    private readonly options: {
      heartbeatMs: number;
      /** Open streams one app may hold on this instance. */
      maxPerHolder: number;
    },
  ) {
    cache.onSnapshot(snapshot => this.notify(snapshot));
  }

  get size(): number {
    return this.#listeners.size;
  }

  /**
   * Holds the response open as an event stream until the client leaves, or
   * until its caller may no longer read the tenant (a revoked credential, a
   * suspended tenant: checked at every heartbeat). Over the per-app limit:
   * 429.
   */
  async open(
    res: Response,
    tenant: string,
    environment: Environment,
    caller: StreamCaller,
  ): Promise<void> {
    const held = [...this.#listeners].filter(
      listener => listener.holder === caller.holder,
    ).length;
    if (held >= this.options.maxPerHolder) {
      res.setHeader('Retry-After', '30');
      res.status(429).json({
        error: {
          name: 'TooManyStreamsError',
          message: `${caller.holder} holds ${held} flag streams on this instance already (at most ${this.options.maxPerHolder})`,
        },
      });
      return;
    }
    const snapshot = await this.cache.current();
    const listener: Listener = {
      tenant,
      environment,
      fingerprint: snapshot.fingerprint(tenant, environment),
      res,
      ...caller,
    };
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    // Tells proxies such as nginx not to buffer the stream.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    this.write(listener, 'ready', { tenant, environment });
    this.#listeners.add(listener);
    res.on('close', () => this.#listeners.delete(listener));
    this.ensureHeartbeat();
  }

  /** Ends every stream (shutdown: the apps reconnect to another instance). */
  closeAll(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    for (const listener of this.#listeners) listener.res.end();
    this.#listeners.clear();
  }

  private end(listener: Listener): void {
    this.#listeners.delete(listener);
    listener.res.end();
  }

  private notify(snapshot: FlagSnapshot): void {
    for (const listener of this.#listeners) {
      const fingerprint = snapshot.fingerprint(
        listener.tenant,
        listener.environment,
      );
      if (fingerprint === listener.fingerprint) continue;
      listener.fingerprint = fingerprint;
      this.write(listener, 'flags-changed', {
        tenant: listener.tenant,
        environment: listener.environment,
        revision: snapshot.revision,
      });
    }
  }

  private write(listener: Listener, event: string, data: object): void {
    listener.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private ensureHeartbeat(): void {
    if (this.#heartbeat) return;
    this.#heartbeat = setInterval(() => {
      for (const listener of this.#listeners) {
        listener.res.write(': keep-alive\n\n');
        listener.stillAllowed().then(
          allowed => {
            if (!allowed) this.end(listener);
          },
          () => this.end(listener),
        );
      }
    }, this.options.heartbeatMs);
    this.#heartbeat.unref();
  }
}
