import { pathId } from '../errors'
import { callerOf } from '../permissions'
import { userBody, whoamiBody } from '../serializers'
import type { RouteModule } from './types'

export const usersRoutes: RouteModule = (app, { engine, cached }) => {
  app.get(
    '/api/current-user/whoami',
    { config: { summary: 'Who am I' } },
    async (request, reply) => {
      const p = callerOf(request)
      return cached(request, reply, () => whoamiBody(engine.directory.me(p)))
    },
  )

  app.get('/api/current-user', { config: { summary: 'Current user' } }, async (request, reply) => {
    const p = callerOf(request)
    return cached(request, reply, () => userBody(engine.directory.me(p)))
  })

  app.post(
    '/api/current-user/reset-token',
    { config: { summary: 'Rotate my token (the old one stops working at once)' } },
    async (request, reply) => {
      const token = engine.ownTokens.reset(callerOf(request))
      return reply.code(201).send({ token })
    },
  )

  app.get(
    '/api/users',
    { config: { summary: 'List users of the organization' } },
    async (request) => engine.directory.users(callerOf(request)).map(userBody),
  )

  app.get('/api/users/:id', { config: { summary: 'Get a user' } }, async (request) => {
    const id = pathId((request.params as { id: string }).id)
    return userBody(engine.directory.user(callerOf(request), id))
  })
}
