/**
 * Retries `check` until it stops throwing, for state that settles in the
 * background (catalog processing); rethrows its last error at the deadline.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }
}
