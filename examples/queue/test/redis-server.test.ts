import { existsSync } from 'node:fs'
import { Redis } from 'ioredis'
import { afterEach, describe, expect, test } from 'vitest'
import { type RedisServer, RedisServerMissingError, startRedisServer } from '../src/index.js'

describe('startRedisServer', () => {
  let server: RedisServer | undefined
  afterEach(async () => {
    await server?.stop()
    server = undefined
  })

  test('a restart after SIGKILL keeps every acknowledged write, and stop removes the data', async () => {
    server = await startRedisServer()
    const redis = new Redis({
      host: server.host,
      port: server.port,
      lazyConnect: true,
      maxRetriesPerRequest: null,
    })
    await redis.connect()
    for (let i = 0; i < 200; i++) await redis.set(`k${i}`, String(i))
    await server.restart()
    expect(await redis.dbsize()).toBe(200)
    expect(await redis.get('k199')).toBe('199')
    redis.disconnect()
    const dir = server.dir
    await server.stop()
    server = undefined
    expect(existsSync(dir)).toBe(false)
  })

  test('without redis-server, the error says how to install it', async () => {
    const saved = process.env.REDIS_SERVER
    process.env.REDIS_SERVER = '/nonexistent/redis-server'
    try {
      const error = await startRedisServer().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(RedisServerMissingError)
      expect(String(error)).toMatch(/apt-get install -y redis-server/)
    } finally {
      if (saved === undefined) delete process.env.REDIS_SERVER
      else process.env.REDIS_SERVER = saved
    }
  })
})
