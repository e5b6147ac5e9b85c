import { z } from 'zod'
import { API_VERSION } from '../version'
import type { RouteModule } from './types'

const Version = z.looseObject({
  release: z.string(),
  edition: z.string(),
  product: z.string(),
  'label-studio-os-package': z.looseObject({ version: z.string() }),
  'label-studio-os-backend': z.unknown(),
  'label-studio-frontend': z.unknown(),
  'label-studio-converter': z.unknown(),
  dm2: z.unknown(),
  lsf: z.unknown(),
  backend: z.unknown(),
})

export const metaRoutes: RouteModule = (app) => {
  app.get(
    '/health',
    {
      config: { public: true, summary: 'Liveness check' },
      schema: { response: { 200: z.object({ status: z.literal('UP') }) } },
    },
    async () => ({ status: 'UP' as const }),
  )

  app.get(
    '/api/version',
    {
      config: { public: true, summary: 'Server version' },
      schema: { response: { 200: Version } },
    },
    async () => ({
      release: API_VERSION,
      edition: 'Enterprise',
      product: 'tessera',
      'label-studio-os-package': { version: API_VERSION },
      'label-studio-os-backend': {},
      'label-studio-frontend': {},
      'label-studio-converter': {},
      dm2: {},
      lsf: {},
      backend: { tessera: API_VERSION },
    }),
  )

  app.get('/api/schema', { config: { public: true, summary: 'This OpenAPI document' } }, async () =>
    app.swagger(),
  )
}
