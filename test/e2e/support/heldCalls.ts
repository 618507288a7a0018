/** Holds a page's calls of one API entry at the network, so a test can act while they are on their way. */
import type { Page, Route } from 'playwright-core';
import type { CallName } from '../../../shared/api/contract';

export interface HeldCalls {
  /** The body of each call made so far, in order. */
  bodies: unknown[];
  /** Lets every held call (and any later one) go on, waits until they are sent, and stops holding. */
  release(): Promise<void>;
}

/** Holds every call of `name` the page makes until released. */
export async function holdCalls(page: Page, name: CallName): Promise<HeldCalls> {
  const bodies: unknown[] = [];
  const sent: Promise<void>[] = [];
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const pattern = `**/api/${name}`;
  await page.route(pattern, (route: Route) => {
    bodies.push(route.request().postDataJSON());
    sent.push(released.then(() => route.continue()));
  });
  return {
    bodies,
    release: async () => {
      release();
      await Promise.all(sent);
      await page.unroute(pattern);
    },
  };
}
