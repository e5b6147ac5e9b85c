import fastifySwagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { API_PATH } from './recording'
import { ErrorBody, PATH_ID } from './schemas'
import { API_VERSION } from './version'

const ERROR_STATUSES = ['400', '401', '403', '404', '413', '429'] as const
const errorJson = z.toJSONSchema(ErrorBody, { target: 'openapi-3.0' })
const SECURITY: Record<string, string[]>[] = [{ Token: [] }, { Bearer: [] }, { ApiKey: [] }]

type TransformInput = Parameters<typeof jsonSchemaTransform>[0]

/**
 * Every REST route into the document with its zod shapes (converted by the type provider),
 * its summary, whether it needs a credential and Label Studio's error body for the refusals;
 * the admin transport's routes and the API's catch-all stay out.
 */
function transform(input: TransformInput) {
  const { schema, url, route } = input as TransformInput & {
    route?: { config?: { summary?: string; public?: boolean } }
  }
  if (!API_PATH.test(url) || url.endsWith('*')) {
    return { schema: { ...(schema ?? {}), hide: true }, url }
  }
  const out = jsonSchemaTransform({ ...input, schema: schema ?? {} }) as {
    schema: Record<string, unknown>
    url: string
  }
  const response = { ...((out.schema.response as Record<string, unknown>) ?? {}) }
  for (const status of ERROR_STATUSES) {
    response[status] ??= { description: 'Label Studio error body', ...errorJson }
  }
  // Path ids are validated as digit strings (Django's `<int:pk>`); on the wire they are integers.
  const params = out.schema.params as
    | { properties?: Record<string, { pattern?: string }> }
    | undefined
  for (const [name, p] of Object.entries(params?.properties ?? {})) {
    if (p.pattern === PATH_ID.source)
      params!.properties![name] = { type: 'integer', minimum: 1 } as never
  }
  const config = route?.config ?? {}
  return {
    url: out.url,
    schema: {
      ...out.schema,
      summary: config.summary ?? '',
      security: config.public ? [] : SECURITY,
      response,
    },
  }
}

/** `GET /api/schema/`: the OpenAPI 3 document, built by @fastify/swagger from the routes. */
export function registerOpenApi(app: FastifyInstance): void {
  void app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tessera local API (Label Studio–compatible)',
        version: API_VERSION,
        description:
          'Label Studio–compatible REST API for service accounts. Authenticate with `Authorization: Token <key>`, `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Trailing slashes are optional.',
      },
      components: {
        securitySchemes: {
          Token: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'Token <key>',
          },
          Bearer: { type: 'http', scheme: 'bearer' },
          ApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
    },
    transform,
    transformObject: jsonSchemaTransformObject,
  })
}
