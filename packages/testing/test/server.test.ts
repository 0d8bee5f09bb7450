import { execFile } from 'node:child_process'
import { request } from 'node:http'
import { connect } from 'node:net'
import { promisify } from 'node:util'
import { DinoAiAgentRunDocument, TriggerDinoAiAgentRunDocument } from '@dinoai/operations'
import { createMockDinoAi, startMockDinoAiServer } from '@dinoai/testing'
import { print } from 'graphql'
import { describe, expect, test } from 'vitest'

const run = promisify(execFile)

describe('HTTP server', () => {
  test('listens on 127.0.0.1 and a free port by default; two servers do not collide', async () => {
    const a = await startMockDinoAiServer()
    const b = await startMockDinoAiServer()
    try {
      expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/)
      expect(a.port).not.toBe(b.port)
      expect(a.url).toBe(`http://127.0.0.1:${a.port}/graphql`)
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  test('curl can trigger a run and poll it', async () => {
    const server = await startMockDinoAiServer({ credentials: { apiKey: 'k', apiSecret: 's' } })
    try {
      const curl = async (query: string, variables: object) => {
        const { stdout } = await run('curl', [
          '-sS',
          '-X',
          'POST',
          server.url,
          '-H',
          'Content-Type: application/json',
          '-H',
          'X-API-KEY: k',
          '-H',
          'X-API-SECRET: s',
          '--data',
          JSON.stringify({ query, variables }),
        ])
        return JSON.parse(stdout)
      }
      const triggered = await curl(print(TriggerDinoAiAgentRunDocument), { agent: 'dq' })
      const id = triggered.data.triggerDinoaiAgentRun.agentSessionId
      const polled = await curl('query($id: String!) { dinoaiAgentRun(agentSessionId: $id) { status } }', {
        id,
      })
      expect(polled).toEqual({ data: { dinoaiAgentRun: { status: 'QUEUED' } } })
      expect(server.requests.map((r) => r.headers['user-agent'])).toEqual([
        expect.stringMatching(/^curl\//),
        expect.stringMatching(/^curl\//),
      ])
    } finally {
      await server.close()
    }
  })

  // The official Python SDK's trigger_run_and_wait, reduced to the standard library: the same
  // documents, POST bodies and Bearer header for prdm_ secrets, polling until a terminal status.
  test('a Python client in the shape of the official SDK runs an agent to completion', async () => {
    const secret = 'prdm_wsp_python-test-secret'
    const server = await startMockDinoAiServer({ credentials: { apiSecret: secret, workspaceUid: 'w-py' } })
    const script = `
import json, sys, urllib.request
url, secret, trigger, poll = sys.argv[1:5]
def gql(query, variables):
    req = urllib.request.Request(url, data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + secret,
                 "X-Paradime-Workspace": "w-py"}, method="POST")
    with urllib.request.urlopen(req) as response:
        return json.load(response)
run = gql(trigger, {"agent": "data-quality-checker", "message": "hi", "slack": None, "baseBranch": None})
session = run["data"]["triggerDinoaiAgentRun"]["agentSessionId"]
statuses = []
while not statuses or statuses[-1] not in ("COMPLETED", "FAILED", "EXPIRED", "STOPPED"):
    statuses.append(gql(poll, {"agentSessionId": session})["data"]["dinoaiAgentRun"]["status"])
print(json.dumps({"session": session, "statuses": statuses}))
`
    try {
      const { stdout } = await run('python3', [
        '-c',
        script,
        server.url,
        secret,
        print(TriggerDinoAiAgentRunDocument),
        print(DinoAiAgentRunDocument),
      ])
      const result = JSON.parse(stdout) as { session: string; statuses: string[] }
      expect(result.statuses).toEqual(['QUEUED', 'RUNNING', 'COMPLETED'])
      expect(server.runs.map((r) => r.agentSessionId)).toEqual([result.session])
      expect(server.requests.every((r) => r.status === 200)).toBe(true)
      expect(JSON.stringify(server.requests)).not.toContain(secret)
    } finally {
      await server.close()
    }
  })

  test('close() ends keep-alive connections and is safe to call twice', async () => {
    const server = await startMockDinoAiServer()
    const socket = connect(server.port, '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    const closed = new Promise((resolve) => socket.once('close', resolve))
    await Promise.all([server.close(), server.close()])
    await closed
    expect(socket.destroyed).toBe(true)
  })

  test('garbage on the socket and oversized bodies do not crash the server', async () => {
    const server = await startMockDinoAiServer()
    try {
      const garbage = connect(server.port, '127.0.0.1')
      garbage.resume()
      garbage.end('\x00\x01 NOT HTTP\r\n\r\n')
      await new Promise((resolve) => garbage.once('close', resolve))

      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          server.url,
          { method: 'POST', headers: { 'content-type': 'application/json' } },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', reject)
        req.end(`{"query":"${'x'.repeat(1024 * 1024 + 10)}"}`)
      })
      expect(status).toBe(413)

      const ok = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      })
      expect(await ok.json()).toEqual({ data: { __typename: 'Query' } })
    } finally {
      await server.close()
    }
  })

  test('serves an existing in-process mock: one state behind fetch and HTTP', async () => {
    const mock = createMockDinoAi()
    const server = await startMockDinoAiServer({ mock })
    try {
      await mock.fetch(mock.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: print(TriggerDinoAiAgentRunDocument), variables: { message: 'hi' } }),
      })
      expect(server.runs).toHaveLength(1)
      expect(server.runs[0]?.agentSessionId).toBe(mock.runs[0]?.agentSessionId)
    } finally {
      await server.close()
    }
  })
})
