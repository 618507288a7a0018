/**
 * The main's lease on Redis (Debian's redis-server on 127.0.0.1): a second main is refused while
 * the first lives, and takes over once it stops; a main killed on this machine leaves a lease
 * taken at once, one on another machine a lease taken once it lapses; a main whose lease was
 * taken meanwhile is told.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claimMainLease, holderOf, type LeaseHolder, type MainLease } from './mainLease';
import { queueConnectionOf } from './queueAddress';
import { mainLeaseKey } from './queueMessages';
import { startRedisServer, type RedisServer } from './testSupport/redisServer';

let redis: RedisServer;
let client: Redis;
const leases: MainLease[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  client = new Redis(queueConnectionOf(redis.url));
}, 30_000);

afterEach(async () => {
  await Promise.all(leases.splice(0).map((lease) => lease.release()));
  await client.del(mainLeaseKey);
});

afterAll(async () => {
  client.disconnect();
  await redis.stop();
});

function lease(options: { onLost?: (holder: string) => void; lapseMs?: number; renewMs?: number } = {}) {
  const made = claimMainLease({
    connection: queueConnectionOf(redis.url),
    log: () => undefined,
    onLost: options.onLost ?? (() => undefined),
    ...(options.lapseMs === undefined ? {} : { lapseMs: options.lapseMs }),
    ...(options.renewMs === undefined ? {} : { renewMs: options.renewMs }),
  });
  leases.push(made);
  return made;
}

const holderNow = async () => holderOf(await client.get(mainLeaseKey));

/** Puts a lease in Redis as another main would hold it, lapsing after `lapseMs`. */
async function plantLease(holder: Partial<LeaseHolder> & Pick<LeaseHolder, 'id'>, lapseMs: number) {
  const planted: LeaseHolder = {
    host: 'another-machine.invalid',
    pid: 1,
    since: '2026-12-03T10:00:00.000Z',
    ...holder,
  };
  await client.set(mainLeaseKey, JSON.stringify(planted), 'PX', lapseMs);
}

/** This process's process-id namespace, as a lease records it (undefined off Linux). */
function ownPidNamespace(): string | undefined {
  try {
    return fs.readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

/** The id of a process of this machine that has ended. */
function endedPid(): number {
  const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(ended.stdout);
}

describe('the main lease', () => {
  it('refuses a second main while the first renews its lease, naming it, and lets one in once it stops', async () => {
    const first = lease({ renewMs: 200 });
    await first.claimed;
    const held = await holderNow();
    expect(held).toMatchObject({ host: os.hostname(), pid: process.pid });

    const second = lease({ renewMs: 200 });
    await expect(second.claimed).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(
        `Another server (process ${String(process.pid)} on ${os.hostname()}, since ${held?.since ?? ''}) already serves this Redis`,
      ) as unknown,
    });
    // The refused main took nothing: the first still holds the lease.
    expect((await holderNow())?.id).toBe(held?.id);

    await first.release();
    expect(await client.get(mainLeaseKey)).toBeNull();
    const third = lease();
    await third.claimed;
    expect((await holderNow())?.id).not.toBe(held?.id);
  }, 30_000);

  it('takes at once the lease of a main of this machine that was killed', async () => {
    await plantLease(
      { id: 'killed-main', host: os.hostname(), pid: endedPid(), pids: ownPidNamespace() },
      600_000,
    );
    const taking = lease();
    await taking.claimed;
    expect(await holderNow()).toMatchObject({ host: os.hostname(), pid: process.pid });
  });

  it('waits out the lease of a main on another machine that no longer renews it, then takes it', async () => {
    await plantLease({ id: 'silent-main' }, 1_500);
    const taking = lease();
    await taking.claimed;
    expect(await holderNow()).toMatchObject({ host: os.hostname(), pid: process.pid });
  }, 30_000);

  it('waits out a lease of this host name from another process-id namespace (another container)', async () => {
    const elsewhere = { id: 'other-container', host: os.hostname(), pid: endedPid(), pids: 'pid:[1]' };
    await plantLease(elsewhere, 1_000);
    const taking = lease();
    // Its process id means nothing here: not taken until it lapses.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await holderNow())?.id).toBe('other-container');
    await taking.claimed;
    expect(await holderNow()).toMatchObject({ pid: process.pid });
  }, 30_000);

  it('takes a lease whose value is not a main’s', async () => {
    await client.set(mainLeaseKey, 'left by hand', 'PX', 600_000);
    await lease().claimed;
    expect(await holderNow()).toMatchObject({ pid: process.pid });
  });

  it('tells the main when another took its lease, and takes it back if Redis lost it', async () => {
    const lost: string[] = [];
    const held = lease({ renewMs: 100, onLost: (holder) => lost.push(holder) });
    await held.claimed;
    // Redis lost its keys (restarted without its data): the next renewal puts the lease back.
    await client.del(mainLeaseKey);
    await expect.poll(holderNow, { timeout: 5_000 }).toMatchObject({ pid: process.pid });
    expect(lost).toEqual([]);

    // The lease lapsed (this process stalled) and another main took it.
    await plantLease({ id: 'other-main', pid: 4242, since: '2026-12-03T11:00:00.000Z' }, 600_000);
    await expect
      .poll(() => lost, { timeout: 5_000 })
      .toEqual(['process 4242 on another-machine.invalid, since 2026-12-03T11:00:00.000Z']);
    // It stops renewing: the other main's lease is left as it is.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await holderNow())?.id).toBe('other-main');
    await held.release();
    expect((await holderNow())?.id).toBe('other-main');
  }, 30_000);
});
