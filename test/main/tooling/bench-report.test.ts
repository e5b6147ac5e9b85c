import { describe, expect, it } from 'vitest'
import { ratio, ratioText, renderTable } from '../../bench/lib/report'
import type { BenchRow } from '../../bench/types'

const row = (extra: Partial<BenchRow>): BenchRow => ({
  name: 'api: GET /x throughput vs the durable-log floor',
  figure: 19_600,
  unit: 'req/s',
  baseline: 29_000,
  target: '≥ 0.85× floor',
  pass: false,
  ...extra,
})

describe('bench report: interleaved rounds', () => {
  it('shows the median of the rounds’ ratios with their spread, not the ratio of medians', () => {
    const r = row({ ratios: [0.74, 0.58, 0.64, 0.66, 0.6] })
    expect(ratio(r)).toBe(0.64)
    expect(ratioText(r)).toBe('0.64× (0.58–0.74)')
    expect(renderTable([{ suite: 'api', seconds: 1, status: 'ok', rows: [r] }])).toContain(
      '0.64× (0.58–0.74)',
    )
  })

  it('a row measured once keeps figure ÷ baseline', () => {
    expect(ratioText(row({}))).toBe('0.676×')
  })
})
