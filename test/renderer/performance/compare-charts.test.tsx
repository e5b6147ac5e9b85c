import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type {
  DayPoint,
  MemberReport,
  PerformanceReport,
} from '../../../src/shared/contracts/performance.contract'
import { AppProviders } from '../../../src/renderer/src/components/AppProviders'
import { niceTicks } from '../../../src/renderer/src/features/performance/chart-data'
import { PerformanceCharts } from '../../../src/renderer/src/features/performance/PerformanceCharts'
import { PerformancePage } from '../../../src/renderer/src/features/performance/PerformancePage'
import { usePerformanceStore } from '../../../src/renderer/src/features/performance/performance.store'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { engineTransport } from '../support/engine-transport'

const FIGURES = [
  'Annotation states over time',
  'Time spent per day',
  'Requests and errors over time',
  'Status breakdown (API responses)',
  'Top endpoints',
]

function day(date: string, n: number): DayPoint {
  return {
    date,
    submitted: 5 * n,
    skipped: n,
    accepted: 2 * n,
    rejected: n,
    fixedAccepted: n,
    pendingReview: n,
    timeAnnotating: 600 * n,
    timeReviewing: 300 * n,
    requests: 40 * n,
    errors4xx: n,
    errors5xx: 0,
  }
}

function member(
  userId: number,
  name: string,
  status: Record<string, number>,
  n = userId,
): MemberReport {
  const tally = (o: Record<string, number>) =>
    Object.entries(o).map(([key, count]) => ({ key, count }))
  return {
    subject: { userId, name, email: null, isService: false },
    annotations: {
      submitted: 10,
      skipped: 1,
      accepted: 5,
      rejected: 1,
      fixedAccepted: 1,
      pendingReview: 3,
      leadTimeSum: 100,
      leadTimeAvg: 10,
      leadTimeMedian: 10,
      score: 0.8,
      scoredAnnotations: 7,
    },
    reviews: { total: 2, accepted: 1, rejected: 1, fixedAccepted: 0, timeReviewing: 60 },
    api: {
      requests: Object.values(status).reduce((a, b) => a + b, 0),
      errors4xx: status['4xx'] ?? 0,
      errors5xx: status['5xx'] ?? 0,
      latencyP50: 10,
      latencyP95: 20,
      latencyExact: true,
      byEndpoint: [{ key: '/api/projects', count: 10 * n }],
      byMethod: [{ key: 'GET', count: 10 * n }],
      byStatus: tally(status),
      imports: 0,
      predictions: 0,
      lastActive: null,
      lastToken: null,
    },
    series: ['2026-11-28', '2026-11-29', '2026-11-30'].map((d, i) => day(d, n + i)),
  }
}

const report = (members: MemberReport[]): PerformanceReport => ({
  from: Date.UTC(2026, 10, 28),
  to: Date.UTC(2026, 11, 1),
  tzOffsetMinutes: 0,
  generatedAt: Date.UTC(2026, 11, 1),
  members,
})

const NAMES = ['Ana Silva', 'Sam Berg', 'Li Wei', 'Raj Patel', 'Mia Chen']

function renderCharts(r: PerformanceReport) {
  render(
    <AppProviders env="test">
      <PerformanceCharts report={r} />
    </AppProviders>,
  )
}

/** The key under a figure's chart: each entry's text and swatch colour. */
function legend(title: string) {
  const figure = screen.getByRole('figure', { name: title })
  return [...figure.querySelectorAll('[data-legend-color]')].map((el) => ({
    label: el.textContent,
    color: el.getAttribute('data-legend-color'),
  }))
}

describe('comparing members', () => {
  beforeEach(() => usePerformanceStore.getState().reset())
  afterEach(() => setTransport(null))

  it('gives each member one colour in every chart, and no key lists more than the members', () => {
    const members = NAMES.map((name, i) => member(i + 1, name, { '2xx': 100 * (i + 1) }))
    renderCharts(report(members))
    const colourOf = new Map<string, string>()
    for (const title of FIGURES) {
      const items = legend(title)
      expect(
        items.map((i) => i.label),
        title,
      ).toEqual(NAMES)
      for (const { label, color } of items) {
        if (!colourOf.has(label!)) colourOf.set(label!, color!)
        expect(color, `${label} in ${title}`).toBe(colourOf.get(label!))
      }
    }
    expect(new Set(colourOf.values()).size).toBe(NAMES.length)

    // Each state is a small chart of its own, drawing one line per member in that colour.
    const states = screen.getByRole('figure', { name: 'Annotation states over time' })
    const panels = states.querySelectorAll('[data-panel]')
    expect([...panels].map((p) => p.getAttribute('data-panel'))).toEqual([
      'Accepted',
      'Fixed + accepted',
      'Rejected',
      'Pending review',
      'Skipped',
    ])
    for (const panel of panels) {
      const strokes = [...panel.querySelectorAll('.recharts-line path')].map((p) =>
        p.getAttribute('stroke'),
      )
      expect(strokes).toEqual(NAMES.map((n) => colourOf.get(n)))
    }
  })

  it('keeps a single subject in one chart with its states in their own colours', () => {
    renderCharts(report([member(1, 'Ana Silva', { '2xx': 10 })]))
    expect(legend('Annotation states over time').map((i) => i.label)).toEqual([
      'Accepted',
      'Fixed + accepted',
      'Rejected',
      'Pending review',
      'Skipped',
    ])
    const states = screen.getByRole('figure', { name: 'Annotation states over time' })
    expect(states.querySelectorAll('[data-panel]')).toHaveLength(0)
    expect(states.querySelectorAll('svg.recharts-surface')).toHaveLength(1)
  })

  it('refuses a sixth member with a message and keeps the five', async () => {
    const e = engineTransport()
    const ids: number[] = []
    for (const [i, name] of [...NAMES, 'Noor Ali'].entries()) {
      const [firstName, lastName] = name.split(' ')
      ids.push(
        (
          await e.t.value('members:addPerson', {
            email: `m${i}@acme.test`,
            firstName: firstName!,
            lastName: lastName!,
            role: 'AN',
          })
        ).userId,
      )
    }
    setTransport(e.transport)
    const user = userEvent.setup()
    render(
      <AppProviders env="test">
        <MemoryRouter initialEntries={[`/performance?members=${ids.slice(0, 5).join(',')}`]}>
          <PerformancePage />
        </MemoryRouter>
      </AppProviders>,
    )
    await screen.findByRole('region', { name: 'Summary for Mia Chen' })
    await user.click(screen.getByRole('combobox', { name: /Members/ }))
    await user.click(await screen.findByRole('option', { name: 'Noor Ali' }))
    expect(
      await screen.findByText('Compare at most 5 members: remove one to add another'),
    ).toBeInTheDocument()
    expect(usePerformanceStore.getState().userIds).toEqual(ids.slice(0, 5))
    expect(screen.queryByRole('region', { name: 'Summary for Noor Ali' })).toBeNull()
  }, 60_000)
})

describe('status breakdown', () => {
  it('keeps a small count visible next to a large one, with its number', () => {
    renderCharts(report([member(1, 'Ana Silva', { '2xx': 4000, '4xx': 61, '5xx': 1 })]))
    const chart = within(
      screen.getByRole('figure', { name: 'Status breakdown (API responses)' }),
    ).getByTestId('chart')
    for (const [count, minWidth] of [
      ['4,000', 100],
      ['61', 3],
      ['1', 3],
    ] as const) {
      const label = [...chart.querySelectorAll('text')].find((t) => t.textContent === count)
      expect(label, count).toBeDefined()
      const bar = label!.parentElement!.querySelector('rect')!
      expect(Number(bar.getAttribute('width')), count).toBeGreaterThanOrEqual(minWidth)
    }
  })
})

describe('value axes', () => {
  it('put ticks on round numbers from zero past the largest value', () => {
    expect(niceTicks(4000)).toEqual([0, 1000, 2000, 3000, 4000])
    expect(niceTicks(4061)).toEqual([0, 2000, 4000, 6000])
    expect(niceTicks(37)).toEqual([0, 10, 20, 30, 40])
    expect(niceTicks(3)).toEqual([0, 1, 2, 3])
    expect(niceTicks(0)).toEqual([0, 1])
    expect(niceTicks(0.8, 4, false)).toEqual([0, 0.2, 0.4, 0.6, 0.8])
    expect(niceTicks(1.7, 4, false)).toEqual([0, 0.5, 1, 1.5, 2])
  })
})
