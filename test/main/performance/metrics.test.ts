import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import {
  endpointGroup,
  histogramPercentile,
  isImport,
  latencyBucket,
  percentile,
} from '../../../src/main/engine/performance/metrics'

describe('endpoint groups', () => {
  it('collapses ids and drops the query and a trailing id', () => {
    expect(endpointGroup('/api/projects/12/import?commit_to_project=true')).toBe(
      '/api/projects/{id}/import',
    )
    expect(endpointGroup('/api/tasks/7')).toBe('/api/tasks')
    expect(endpointGroup('/api/tasks/?page=2')).toBe('/api/tasks')
    expect(endpointGroup('/api/tasks/7/annotations/')).toBe('/api/tasks/{id}/annotations')
    expect(endpointGroup('/api/organizations/1/service-accounts/5/reset-token')).toBe(
      '/api/organizations/{id}/service-accounts',
    )
    expect(endpointGroup('/health')).toBe('/health')
    expect(endpointGroup(null)).toBe('(none)')
    expect(isImport('POST', endpointGroup('/api/projects/3/import/'))).toBe(true)
    expect(isImport('GET', endpointGroup('/api/projects/3/import/'))).toBe(false)
  })
})

describe('percentiles', () => {
  it('uses the nearest rank', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2)
    expect(percentile([1, 2, 3, 4], 95)).toBe(4)
    expect(percentile([], 50)).toBeNull()
  })

  it('estimates from the histogram within 5 %', () => {
    const values = Array.from({ length: 5000 }, (_, i) => 0.5 + ((i * 7919) % 5000) / 7)
    const hist = new Map<number, number>()
    for (const v of values) hist.set(latencyBucket(v), (hist.get(latencyBucket(v)) ?? 0) + 1)
    const sorted = [...values].sort((a, b) => a - b)
    for (const p of [50, 95]) {
      const exact = percentile(sorted, p)!
      expect(Math.abs(histogramPercentile(hist, p)! - exact) / exact).toBeLessThan(0.05)
    }
  })

  it('buckets in SQL as in JavaScript', () => {
    const db = new Database(':memory:')
    const sql = db.prepare<[{ v: number }], { b: number }>(
      'SELECT CASE WHEN @v < 1 THEN 0 ELSE 1 + CAST(floor(log2(@v) * 8) AS INTEGER) END AS b',
    )
    for (const v of [0, 0.4, 1, 1.5, 2, 3.7, 10, 99.9, 1234.5, 60000])
      expect(sql.get({ v })!.b).toBe(latencyBucket(v))
  })
})
