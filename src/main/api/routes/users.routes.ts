import { z } from 'zod'
import { callerOf } from '../permissions'
import { IdParams, ResetTokenAnswer, ResetTokenBody, User, WhoAmI } from '../schemas'
import { iso, userBody, whoamiBody } from '../serializers'
import type { RouteModule } from './types'

export const usersRoutes: RouteModule = (app, { engine, cached }) => {
  app.get(
    '/api/current-user/whoami',
    { config: { summary: 'Who am I' }, schema: { response: { 200: WhoAmI } } },
    async (request, reply) => {
      const p = callerOf(request)
      return cached(request, reply, () => whoamiBody(engine.directory.me(p)))
    },
  )

  app.get(
    '/api/current-user',
    { config: { summary: 'Current user' }, schema: { response: { 200: User } } },
    async (request, reply) => {
      const p = callerOf(request)
      return cached(request, reply, () => userBody(engine.directory.me(p)))
    },
  )

  app.post(
    '/api/current-user/reset-token',
    {
      config: {
        summary: 'Rotate my token (the old one stops working at once unless a grace is given)',
      },
      schema: { body: ResetTokenBody, response: { 201: ResetTokenAnswer } },
    },
    async (request, reply) => {
      const r = engine.ownTokens.reset(
        callerOf(request),
        request.body?.grace,
        request.body?.expires_at,
      )
      return reply
        .code(201)
        .send(
          r.previousValidUntil === null
            ? { token: r.token }
            : { token: r.token, previous_token_valid_until: iso(r.previousValidUntil)! },
        )
    },
  )

  app.get(
    '/api/users',
    {
      config: { summary: 'List users of the organization' },
      schema: { response: { 200: z.array(User) } },
    },
    async (request) => engine.directory.users(callerOf(request)).map(userBody),
  )

  app.get(
    '/api/users/:id',
    { config: { summary: 'Get a user' }, schema: { params: IdParams, response: { 200: User } } },
    async (request) => userBody(engine.directory.user(callerOf(request), request.params.id)),
  )
}
