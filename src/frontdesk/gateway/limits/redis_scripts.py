"""The Lua scripts of the Redis limit store. Redis runs a script alone, so each is atomic.

Counters are strings (INCRBY) that expire a little after their window ends. Concurrent
streams are a sorted set per scope whose members are ``<reservation id>:<claim index>:<n>``
scored by the time they were reserved; members older than the stale horizon are dropped
before counting, so streams held by a node that died stop counting on their own.
"""

from __future__ import annotations

# KEYS[i]: the key of claim i. ARGV[1] now, ARGV[2] stale-before (epoch s), ARGV[3] the
# reservation id, then four per claim: kind ("s" streams, "c" counter), amount, limit, ttl.
# Returns {0, total_1, ..., total_n} when every claim fits and was added, otherwise
# {i, used_i} for the first claim that does not fit (and changes nothing).
RESERVE = """
local pending = {}
for i = 1, #KEYS do
  local base = 3 + (i - 1) * 4
  local key = KEYS[i]
  local amount = tonumber(ARGV[base + 2])
  local limit = tonumber(ARGV[base + 3])
  local used = pending[key]
  if used == nil then
    if ARGV[base + 1] == 's' then
      redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. ARGV[2])
      used = redis.call('ZCARD', key)
    else
      used = tonumber(redis.call('GET', key) or '0')
    end
  end
  if used >= limit or used + amount > limit then
    return {i, used}
  end
  pending[key] = used + amount
end
local out = {0}
for i = 1, #KEYS do
  local base = 3 + (i - 1) * 4
  local key = KEYS[i]
  if ARGV[base + 1] == 's' then
    for n = 1, tonumber(ARGV[base + 2]) do
      redis.call('ZADD', key, ARGV[1], ARGV[3] .. ':' .. i .. ':' .. n)
    end
    out[i + 1] = redis.call('ZCARD', key)
  else
    out[i + 1] = redis.call('INCRBY', key, ARGV[base + 2])
  end
  redis.call('EXPIRE', key, ARGV[base + 4])
end
return out
"""

# KEYS[1]: the reservation's settled marker; KEYS[i + 1]: the key of held claim i.
# ARGV[1] the marker's ttl, ARGV[2] the reservation id, then three per claim: kind, delta,
# amount. Applies the deltas only if the marker was not there (idempotent), never takes a
# counter below zero, never recreates an expired counter. Returns each total afterwards.
SETTLE = """
local first = redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1])
local out = {}
for i = 1, #KEYS - 1 do
  local base = 2 + (i - 1) * 3
  local key = KEYS[i + 1]
  local total
  if ARGV[base + 1] == 's' then
    if first then
      for n = 1, tonumber(ARGV[base + 3]) do
        redis.call('ZREM', key, ARGV[2] .. ':' .. i .. ':' .. n)
      end
    end
    total = redis.call('ZCARD', key)
  elseif first and ARGV[base + 2] ~= '0' and redis.call('EXISTS', key) == 1 then
    total = redis.call('INCRBY', key, ARGV[base + 2])
    if total < 0 then
      redis.call('SET', key, '0', 'KEEPTTL')
      total = 0
    end
  else
    total = tonumber(redis.call('GET', key) or '0')
  end
  out[i] = total
end
return out
"""
