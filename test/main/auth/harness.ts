import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify'
import { hashPassword } from '../../../src/main/engine/auth/passwords'
import { registerAdminHttp } from '../../../src/main/rpc/http'
import { makeEngine, type TestEngine } from '../../support/engine'

export const OWNER_EMAIL = 'owner@acme.test'
export const OWNER_PASSWORD = 'correct horse battery'

/** A renderer build stand-in: index.html plus one hashed asset. */
export function fakeRendererDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-renderer-'))
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>Tessera</title><div id="root"></div>',
  )
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("ui")')
  return dir
}

export interface Harness extends TestEngine {
  app: FastifyInstance
  /** Signs in and returns the cookie header and CSRF token. */
  signIn: (email?: string, password?: string) => Promise<{ cookie: string; csrf: string }>
  /** Adds a person with a role and a password. */
  addPerson: (
    email: string,
    role: 'AD' | 'MA' | 'AN' | 'RE' | 'DI',
    password: string,
  ) => Promise<number>
}

export const cookieOf = (res: LightMyRequestResponse): string => {
  const raw = res.headers['set-cookie']
  const first = Array.isArray(raw) ? raw[0] : raw
  return (first ?? '').split(';')[0]!
}

/** A real Fastify app with the admin transport over an in-memory engine, Owner set up. */
export async function makeHarness(
  opts: { setup?: boolean; secureCookies?: boolean } = {},
): Promise<Harness> {
  const t = makeEngine()
  const app = Fastify()
  registerAdminHttp(app, {
    engine: t.engine,
    rendererDir: fakeRendererDir(),
    secureCookies: opts.secureCookies,
  })
  await app.ready()
  if (opts.setup !== false) {
    await t.engine.auth.setup({ email: OWNER_EMAIL, password: OWNER_PASSWORD, name: 'Olga Owner' })
  }
  const signIn = async (email = OWNER_EMAIL, password = OWNER_PASSWORD) => {
    const res = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email, password },
    })
    if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`)
    return { cookie: cookieOf(res), csrf: res.json().value.csrfToken as string }
  }
  const addPerson = async (
    email: string,
    role: 'AD' | 'MA' | 'AN' | 'RE' | 'DI',
    password: string,
  ) => {
    const member = await t.value('members:addPerson', { email, role })
    t.repos.users.setPassword(member.userId, await hashPassword(password, Buffer.alloc(16, 3)))
    return member.userId
  }
  return { ...t, app, signIn, addPerson }
}
