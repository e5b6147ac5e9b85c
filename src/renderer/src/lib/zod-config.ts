import { z } from 'zod'

// The CSP forbids eval. Without this, zod probes `new Function` while the shared schemas are
// built and the browser logs a CSP violation. Imported first in main.tsx so it runs before any
// schema is constructed.
z.config({ jitless: true })
