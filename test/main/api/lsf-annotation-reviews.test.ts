// Label Studio Enterprise's AnnotationReviewListAPI / AnnotationReviewAPI: GET
// /api/annotation-reviews/?annotation=&annotation__task__project=, GET/PATCH/DELETE
// /api/annotation-reviews/{id}/, with the role rules of creating a review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixture, type Fixture } from './support'

describe('annotation reviews (LSE AnnotationReviewListAPI, AnnotationReviewAPI)', () => {
  let f: Fixture
  let inA: number
  let inB: number
  beforeAll(async () => {
    f = await startFixture()
    const a = await f.req('POST', '/api/annotation-reviews/', {
      token: f.tokens.OW,
      body: { annotation: f.aA, accepted: true },
    })
    const b = await f.req('POST', '/api/annotation-reviews/', {
      token: f.tokens.OW,
      body: { annotation: f.aB, accepted: false },
    })
    inA = a.body.id
    inB = b.body.id
  })
  afterAll(() => f.close())

  it('lists reviews filtered by annotation and by annotation__task__project', async () => {
    const all = await f.req('GET', '/api/annotation-reviews/', { token: f.tokens.OW })
    expect(all.status).toBe(200)
    expect(all.body.map((r: { id: number }) => r.id)).toEqual([inA, inB])
    const byAnnotation = await f.req('GET', `/api/annotation-reviews/?annotation=${f.aB}`, {
      token: f.tokens.OW,
    })
    expect(byAnnotation.body.map((r: { id: number }) => r.id)).toEqual([inB])
    const byProject = await f.req(
      'GET',
      `/api/annotation-reviews/?annotation__task__project=${f.pA}`,
      { token: f.tokens.OW },
    )
    expect(byProject.body).toMatchObject([{ id: inA, annotation: f.aA, accepted: true }])
  })

  it('a Reviewer assigned to workspace A sees only reviews there; project B is 404', async () => {
    const mine = await f.req('GET', '/api/annotation-reviews/', { token: f.tokens.RE })
    expect(mine.body.map((r: { id: number }) => r.id)).toEqual([inA])
    const other = await f.req('GET', `/api/annotation-reviews/?annotation__task__project=${f.pB}`, {
      token: f.tokens.RE,
    })
    expect(other.status).toBe(404)
    expect(
      (await f.req('GET', `/api/annotation-reviews/${inB}/`, { token: f.tokens.RE })).status,
    ).toBe(404)
  })

  it('GET and PATCH one review; an Annotator may read but not change it (403)', async () => {
    const one = await f.req('GET', `/api/annotation-reviews/${inA}/`, { token: f.tokens.AN })
    expect(one.body).toMatchObject({ id: inA, accepted: true, action: 'accepted' })
    const refused = await f.req('PATCH', `/api/annotation-reviews/${inA}/`, {
      token: f.tokens.AN,
      body: { accepted: false },
    })
    expect(refused.status).toBe(403)
    const changed = await f.req('PATCH', `/api/annotation-reviews/${inA}/`, {
      token: f.tokens.RE,
      body: { accepted: false },
    })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({
      id: inA,
      accepted: false,
      action: 'rejected',
      agreement: 0,
    })
  })

  it('DELETE a review: 204, then 404', async () => {
    expect(
      (await f.req('DELETE', `/api/annotation-reviews/${inA}/`, { token: f.tokens.AN })).status,
    ).toBe(403)
    expect(
      (await f.req('DELETE', `/api/annotation-reviews/${inA}/`, { token: f.tokens.MA })).status,
    ).toBe(204)
    expect(
      (await f.req('GET', `/api/annotation-reviews/${inA}/`, { token: f.tokens.OW })).status,
    ).toBe(404)
  })
})
