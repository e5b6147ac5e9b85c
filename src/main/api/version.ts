import pkg from '../../../package.json'

/** Reported in every error body and by GET /api/version. */
export const API_VERSION: string = pkg.version
