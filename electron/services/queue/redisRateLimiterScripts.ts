/**
 * The Lua scripts of the Redis-backed rate limiter (redisRateLimiter.ts). Each runs atomically
 * in Redis, on Redis's clock (`TIME`), so the main and every worker, on any machine, count the
 * same places. A gate (an integration, or a configuration with its own limits) is three sorted
 * sets: `flight` (lease id → when the lease lapses), `second` and `minute` (lease id → when the
 * ended request's place frees up in that window). An integration's pause is one key holding
 * the moment it ends. Nothing else is stored: no URL, no secret, only ids and times.
 */
import type { Redis } from 'ioredis';

/** Redis's clock in ms, the first lines of every script. */
const clock = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * take — KEYS[1]: the integration's pause; then per gate: flight, second, minute.
 * ARGV[1]: lease id; ARGV[2]: lease ms; then per gate: concurrent, per second, per minute (0: none).
 * Answers { 1 } when admitted (a lease taken in every gate), else { 0, waitMs, mustWaitForRelease }:
 * waitMs is when the limits allow it by time alone, or, when only a place given back can let it
 * in, when the first lease lapses (a process that died gives none back).
 */
export const takeScript = `${clock}
local leaseMs = tonumber(ARGV[2])
local gates = (#KEYS - 1) / 3
local wait = 0
local mustWaitForRelease = 0
local pausedUntil = tonumber(redis.call('GET', KEYS[1]) or '0')
if pausedUntil > now then wait = pausedUntil - now end
for g = 0, gates - 1 do
  local flight, second, minute = KEYS[2 + g * 3], KEYS[3 + g * 3], KEYS[4 + g * 3]
  local concurrent = tonumber(ARGV[3 + g * 3])
  local limits = { { second, tonumber(ARGV[4 + g * 3]), 1000 }, { minute, tonumber(ARGV[5 + g * 3]), 60000 } }
  -- Leases of processes that died lapse; their places cool from then, as if the request ended.
  local lapsed = redis.call('ZRANGEBYSCORE', flight, '-inf', now, 'WITHSCORES')
  for i = 1, #lapsed, 2 do
    for _, window in ipairs(limits) do
      if window[2] > 0 then redis.call('ZADD', window[1], tonumber(lapsed[i + 1]) + window[3], lapsed[i]) end
    end
  end
  if #lapsed > 0 then redis.call('ZREMRANGEBYSCORE', flight, '-inf', now) end
  local inFlight = redis.call('ZCARD', flight)
  local firstLapse = now + leaseMs
  if inFlight > 0 then firstLapse = tonumber(redis.call('ZRANGE', flight, 0, 0, 'WITHSCORES')[2]) end
  if concurrent > 0 and inFlight >= concurrent then
    mustWaitForRelease = 1
    wait = math.max(wait, firstLapse - now)
  end
  for _, window in ipairs(limits) do
    local key, limit = window[1], window[2]
    if limit > 0 then
      redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
      local cooling = redis.call('ZCARD', key)
      if inFlight + cooling >= limit then
        local need = inFlight + cooling - limit + 1
        if need > cooling then
          -- Requests in flight free no place before they end.
          mustWaitForRelease = 1
          wait = math.max(wait, firstLapse - now)
        else
          local nth = redis.call('ZRANGE', key, need - 1, need - 1, 'WITHSCORES')
          wait = math.max(wait, tonumber(nth[2]) - now)
        end
      end
    end
  end
end
if wait > 0 or mustWaitForRelease == 1 then return { 0, math.max(wait, 1), mustWaitForRelease } end
for g = 0, gates - 1 do
  redis.call('ZADD', KEYS[2 + g * 3], now + leaseMs, ARGV[1])
  redis.call('PEXPIRE', KEYS[2 + g * 3], leaseMs * 2)
end
return { 1 }
`;

/**
 * release — KEYS: per gate: flight, second, minute. ARGV[1]: lease id; ARGV[2]: the channel;
 * then per gate: its name (for the message), counts per second (0/1), counts per minute (0/1).
 * The place starts cooling now; those waiting anywhere hear that a place came back.
 */
export const releaseScript = `${clock}
local gates = #KEYS / 3
for g = 0, gates - 1 do
  local flight, second, minute = KEYS[1 + g * 3], KEYS[2 + g * 3], KEYS[3 + g * 3]
  redis.call('ZREM', flight, ARGV[1])
  if ARGV[4 + g * 3] == '1' then
    redis.call('ZADD', second, now + 1000, ARGV[1])
    redis.call('PEXPIRE', second, 2000)
  end
  if ARGV[5 + g * 3] == '1' then
    redis.call('ZADD', minute, now + 60000, ARGV[1])
    redis.call('PEXPIRE', minute, 61000)
  end
  redis.call('PUBLISH', ARGV[2], 'released ' .. ARGV[3 + g * 3])
end
return 1
`;

/** renew — KEYS: flight sets; ARGV[1]: lease ms; ARGV[2…]: lease ids still held here. */
export const renewScript = `${clock}
for _, flight in ipairs(KEYS) do
  for i = 2, #ARGV do redis.call('ZADD', flight, 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
  redis.call('PEXPIRE', flight, tonumber(ARGV[1]) * 2)
end
return 1
`;

/**
 * pause — KEYS[1]: the integration's pause. ARGV[1]: ms; ARGV[2]: the channel; ARGV[3]: the
 * integration id. A longer pause already set stays; every process hears how long is left.
 */
export const pauseScript = `${clock}
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current > untilMs then untilMs = current end
redis.call('SET', KEYS[1], untilMs, 'PX', untilMs - now)
redis.call('PUBLISH', ARGV[2], 'paused ' .. ARGV[3] .. ' ' .. (untilMs - now))
return untilMs - now
`;

/** The scripts as commands on a connection (`defineLimitCommands`), each taking its keys then its arguments. */
export interface LimitCommands {
  rbdLimitTake(numberOfKeys: number, ...args: (string | number)[]): Promise<[number, number?, number?]>;
  rbdLimitRelease(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
  rbdLimitRenew(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
  rbdLimitPause(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
}

/** Defines the four scripts on the connection, which runs them by their hash once Redis has them. */
export function defineLimitCommands(connection: Redis): LimitCommands {
  for (const [name, lua] of [
    ['rbdLimitTake', takeScript],
    ['rbdLimitRelease', releaseScript],
    ['rbdLimitRenew', renewScript],
    ['rbdLimitPause', pauseScript],
  ] as const)
    connection.defineCommand(name, { lua });
  return connection as unknown as LimitCommands;
}
