import { API_VERSION } from '../version'
import type { RouteModule } from './types'

export const metaRoutes: RouteModule = (app) => {
  app.get('/health', { config: { public: true, summary: 'Liveness check' } }, async () => ({
    status: 'UP',
  }))

  app.get('/api/version', { config: { public: true, summary: 'Server version' } }, async () => ({
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
  }))

  app.get('/api/schema', { config: { public: true, summary: 'This OpenAPI document' } }, async () =>
    app.swagger(),
  )
}
