import { PortalInstance } from './PortalInstance';

/** An HTTP answer of the portal, body parsed when it is JSON. */
export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/**
 * Calls one instance's REST API with a token: a user's (from the demo
 * sign-in) or an app credential (`<clientId>.<secret>`).
 */
export class Caller {
  constructor(
    private readonly instance: PortalInstance,
    private readonly token?: string,
  ) {}

  /** A user token of a demo user, issued by `instance`'s auth plugin. */
  static async userToken(
    instance: PortalInstance,
    user: string,
  ): Promise<string> {
    // On a fresh database the catalog may not have read the demo users yet
    // ("User not found"): wait for it, up to a limit.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const response = await fetch(`${instance.url}/api/auth/demo/refresh`, {
        headers: {
          'x-controlplane-demo-user': user,
          'x-requested-with': 'XMLHttpRequest',
        },
      });
      const body = await response.json();
      if (response.ok) return body.backstageIdentity.token;
      if (response.status !== 404 || Date.now() > deadline) {
        throw new Error(`Sign-in as ${user} failed: ${JSON.stringify(body)}`);
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }

  on(instance: PortalInstance): Caller {
    return new Caller(instance, this.token);
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    options: { timeoutMs?: number } = {},
  ): Promise<Answer> {
    const response = await fetch(`${this.instance.url}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body: unknown = {}) {
    return this.request('POST', path, body);
  }

  put(path: string, body: unknown = {}) {
    return this.request('PUT', path, body);
  }

  delete(path: string) {
    return this.request('DELETE', path);
  }

  /** Like request, but fails unless the status is 2xx; returns the body. */
  async ok(method: string, path: string, body?: unknown): Promise<any> {
    const answer = await this.request(method, path, body);
    if (answer.status < 200 || answer.status > 299) {
      throw new Error(
        `${method} ${path} on ${this.instance.name} answered ${
          answer.status
        }: ${JSON.stringify(answer.body)}`,
      );
    }
    return answer.body;
  }
}

/** One event a managed application reports to the audit trail. */
export function appEvent(
  eventId: string,
  tenant: string,
  eventType = 'scaleout.test',
) {
  return {
    eventId,
    timestamp: new Date().toISOString(),
    actorId: 'end-user-1',
    actorType: 'user',
    eventType,
    resourceType: 'session',
    resourceId: eventId,
    tenant,
    outcome: 'success',
  };
}
