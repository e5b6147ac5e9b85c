import type { ApiEntry } from '../../../src/main/engine/activity/recorder'
import type { TestEngine } from '../../support/engine'

/** Records `count` API entries (group-committed, a thousand per transaction). */
export async function recordEntries(t: TestEngine, count: number, tag = 'n'): Promise<void> {
  for (let done = 0; done < count; ) {
    const n = Math.min(1000, count - done)
    const batch: Promise<number>[] = []
    for (let i = 0; i < n; i++)
      batch.push(t.engine.activity.apiBatched(entry(t, `${tag}${done + i}`)))
    await Promise.all(batch)
    done += n
  }
}

export function entry(t: TestEngine, probe: string): ApiEntry {
  return {
    organization_id: t.owner.organizationId,
    actor_id: t.owner.userId,
    actor_email: 'owner@acme.test',
    token_id: null,
    ip: '127.0.0.1',
    user_agent: 'label-studio-sdk/1.0 "quoted" ]bracket\\slash',
    method: 'GET',
    url: `/api/projects/?probe=${probe}`,
    status: 200,
    duration_ms: 1.5,
    project_id: null,
    workspace_id: null,
    details: null,
  }
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
