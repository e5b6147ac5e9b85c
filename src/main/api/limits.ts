/** Request body limits: imports carry task lists, everything else is small JSON. */
export const BODY_LIMIT = 1024 * 1024
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024
