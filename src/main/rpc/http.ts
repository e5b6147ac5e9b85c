// Owned by the serve-mode work (issue 7): /rpc/* transport, /auth/* sign-in, SSE events and the
// static admin UI, registered on the local API's Fastify instance by `serve`.
export {}
