import type { FastifyInstance } from 'fastify'
import { API_PATH } from './recording'
import { API_VERSION } from './version'

interface Operation {
  method: string
  path: string
  summary: string
  public: boolean
}

const operations = new WeakMap<FastifyInstance, Operation[]>()

/** Remembers every route as it is registered, so the document can never miss one. */
export function collectRoutes(app: FastifyInstance): void {
  const list: Operation[] = []
  operations.set(app, list)
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) {
      if (method === 'HEAD' || !API_PATH.test(route.url)) continue
      list.push({
        method: method.toLowerCase(),
        path: route.url.replace(/:([A-Za-z_]+)/g, '{$1}'),
        summary: route.config?.summary ?? '',
        public: route.config?.public === true,
      })
    }
  })
}

const errorSchema = {
  type: 'object',
  required: ['id', 'status_code', 'version', 'detail', 'exc_info'],
  properties: {
    id: { type: 'string' },
    status_code: { type: 'integer' },
    version: { type: 'string' },
    detail: { type: 'string' },
    exc_info: { nullable: true },
    validation_errors: {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string' } },
    },
  },
}

/** The OpenAPI 3 document of this API, built from the registered routes. */
export function openApiDocument(app: FastifyInstance) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of operations.get(app) ?? []) {
    const params = [...op.path.matchAll(/\{([A-Za-z_]+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'integer' },
    }))
    const errors = { $ref: '#/components/responses/Error' }
    ;(paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      operationId: `${op.method}_${op.path.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '')}`,
      parameters: params,
      security: op.public ? [] : [{ Token: [] }, { Bearer: [] }, { ApiKey: [] }],
      responses: {
        '2XX': { description: 'Success' },
        '400': errors,
        '401': errors,
        '403': errors,
        '404': errors,
        '413': errors,
        '429': errors,
      },
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Tessera local API (Label Studio–compatible)',
      version: API_VERSION,
      description:
        'Label Studio–compatible REST API for service accounts. Authenticate with `Authorization: Token <key>`, `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Trailing slashes are optional.',
    },
    paths,
    components: {
      securitySchemes: {
        Token: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Token <key>' },
        Bearer: { type: 'http', scheme: 'bearer' },
        ApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
      schemas: { Error: errorSchema },
      responses: {
        Error: {
          description: 'Label Studio error body',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  }
}
