import { PortalInstance } from './PortalInstance';

/** A server-sent events stream read event by event. */
export interface EventStreamReader {
  /** The data (parsed JSON) of the next event named `name`; fails after `timeoutMs`. */
  next(name: string, timeoutMs?: number): Promise<unknown>;
  close(): void;
}

/** Opens a server-sent events stream on `instance` with a bearer token. */
export async function openEventStream(
  instance: PortalInstance,
  path: string,
  token: string,
): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(`${instance.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.body) {
    throw new Error(`${path} on ${instance.name} answered ${response.status}`);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return {
    async next(name, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = new RegExp(`event: ${name}\\ndata: (.*)\\n\\n`).exec(
          buffered,
        );
        if (match) {
          buffered = buffered.slice(match.index + match[0].length);
          return JSON.parse(match[1]);
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          throw new Error(
            `No ${name} event from ${instance.name} in ${timeoutMs} ms`,
          );
        }
        let timer: NodeJS.Timeout | undefined;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<'timeout'>(resolve => {
            timer = setTimeout(() => resolve('timeout'), remaining);
          }),
        ]).finally(() => clearTimeout(timer));
        if (chunk === 'timeout') continue;
        if (chunk.done) throw new Error(`The stream of ${instance.name} ended`);
        buffered += decoder.decode(chunk.value);
      }
    },
    close() {
      controller.abort();
    },
  };
}
