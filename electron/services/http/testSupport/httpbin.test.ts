/** The httpbin fixture itself: each start gets a port of its own, answers at once, and stops. */
import { describe, expect, it } from 'vitest';
import { startHttpbin } from './httpbin';

describe('the httpbin fixture', () => {
  it('starts two servers side by side on ports the kernel gave, each answering without a wait', async () => {
    const [first, second] = await Promise.all([startHttpbin(), startHttpbin()]);
    try {
      expect(first.url).not.toBe(second.url);
      for (const { url } of [first, second]) {
        const response = await fetch(`${url}/get?probe=1`);
        expect(response.status).toBe(200);
        expect(((await response.json()) as { args: Record<string, string> }).args).toEqual({ probe: '1' });
      }
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('stops its process, so its port no longer answers, and a second stop is harmless', async () => {
    const httpbin = await startHttpbin();
    await httpbin.stop();
    await httpbin.stop();
    await expect(fetch(`${httpbin.url}/get`)).rejects.toThrow();
  });
});
