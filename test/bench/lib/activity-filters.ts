import type { ActivityFilter } from '../../../src/main/engine/activity/query-sql'
import { DAY_MS } from '../../../src/main/engine/deps'
import type { ChainWorld } from './activity-chain'

const pick = <T>(xs: readonly T[], i: number) => xs[i % xs.length]!

/** A named filter and how to make its i-th sample (the values rotate through the world). */
export type FilterCombo = [name: string, make: (i: number) => ActivityFilter]

/**
 * Every filter the activity viewer offers, alone and in the pairs and triples an admin reaches
 * for, over a generated log whose newest entry is at `lastTs`.
 */
export function filterCombos(world: ChainWorld, lastTs: number): FilterCombo[] {
  const services = world.actors.filter((a) => a.service)
  const anyUser = world.actors
  const old = (i: number) => ({ from: lastTs - (90 + i) * DAY_MS, to: lastTs - (89 + i) * DAY_MS })
  return [
    ['none', () => ({})],
    ['user (account timeline)', (i) => ({ userId: pick(anyUser, i).id })],
    ['token', (i) => ({ tokenId: pick(services, i).tokenId! })],
    ['project', (i) => ({ projectId: pick(world.projects, i).id })],
    ['workspace', (i) => ({ workspaceId: pick(world.projects, i * 5).workspaceId! })],
    ['method', (i) => ({ method: pick(['GET', 'POST', 'PATCH', 'DELETE', 'PUT'], i) })],
    ['status class', (i) => ({ statusClass: pick([2, 3, 4, 5], i) })],
    ['kind admin', () => ({ kind: 'admin' })],
    ['date range, last day', () => ({ from: lastTs - DAY_MS })],
    ['date range, one day 3 months ago', (i) => old(i)],
    [
      'user + method',
      (i) => ({ userId: pick(services, i).id, method: pick(['POST', 'DELETE'], i) }),
    ],
    ['user + status 5xx', (i) => ({ userId: pick(services, i).id, statusClass: 5 })],
    ['user + kind admin', (i) => ({ userId: pick(anyUser, i).id, kind: 'admin' })],
    ['user + old day', (i) => ({ userId: pick(services, i).id, ...old(i) })],
    ['token + status 4xx', (i) => ({ tokenId: pick(services, i).tokenId!, statusClass: 4 })],
    ['project + method', (i) => ({ projectId: pick(world.projects, i).id, method: 'DELETE' })],
    ['project + status 5xx', (i) => ({ projectId: pick(world.projects, i).id, statusClass: 5 })],
    [
      'workspace + status 3xx',
      (i) => ({ workspaceId: pick(world.projects, i * 5).workspaceId!, statusClass: 3 }),
    ],
    ['method + status 5xx', (i) => ({ method: pick(['POST', 'PATCH'], i), statusClass: 5 })],
    [
      'user + project + method',
      (i) => ({
        userId: pick(services, i).id,
        projectId: pick(world.projects, i).id,
        method: 'POST',
      }),
    ],
    [
      'user + project + old day',
      (i) => ({ userId: pick(services, i).id, projectId: pick(world.projects, i).id, ...old(i) }),
    ],
  ]
}
