import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { serve } from '../../../src/main/cli/serve'

const dir = mkdtempSync(join(tmpdir(), 'tessera-serve-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('serve --demo', { timeout: 120_000 }, () => {
  it('fills an empty database, prints the Annotator token once, and serves API + admin UI', async () => {
    const out: string[] = []
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk))
      return true
    })
    const db = join(dir, 'demo.db')
    let running: Awaited<ReturnType<typeof serve>>
    try {
      running = await serve({ db, port: 0, demo: true })
    } finally {
      write.mockRestore()
    }
    try {
      const text = out.join('')
      const match = /^export TESSERA_TOKEN=(tsa_[0-9A-Za-z]{36})$/m.exec(text)
      expect(match, text).not.toBeNull()
      expect(text.match(/tsa_[0-9A-Za-z]{36}/g)).toHaveLength(1)
      const token = match![1]!
      const auth = { authorization: `Token ${token}` }

      const me = await fetch(`${running.url}/api/current-user/whoami`, { headers: auth })
      expect(me.status).toBe(200)
      const body = await me.json()
      expect(body).toMatchObject({ user_type: 'service', organization_membership: { role: 'AN' } })
      const projects = (await (
        await fetch(`${running.url}/api/projects/`, { headers: auth })
      ).json()) as { count: number; results: { id: number }[] }
      expect(projects.count).toBe(1)
      expect(projects.results[0]!.id).toBe(1)
      const tasks = (await (
        await fetch(`${running.url}/api/tasks/?project=1`, { headers: auth })
      ).json()) as { total: number }
      expect(tasks.total).toBeGreaterThan(0)

      // The admin transport shares the address; /api stays token-protected.
      expect((await fetch(`${running.url}/auth/session`)).status).toBe(200)
      expect((await fetch(`${running.url}/api/no-such-thing`)).status).toBe(401)
    } finally {
      await running!.close()
    }

    // A second --demo on the same file leaves it alone and prints no token.
    const again: string[] = []
    const w2 = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      again.push(String(chunk))
      return true
    })
    const e2 = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      const second = await serve({ db, port: 0, demo: true })
      await second.close()
    } finally {
      w2.mockRestore()
      e2.mockRestore()
    }
    expect(again.join('')).not.toMatch(/tsa_/)
  })
})
