import { useCallback } from 'react'
import { useNavigate } from 'react-router'
import { pathFor, type Page, type PageParams } from './screens'

/** Opens a screen as a new history entry, so Back returns to where the user was. */
export function useGo(): (page: Page, params?: PageParams) => void {
  const navigate = useNavigate()
  return useCallback(
    (page: Page, params?: PageParams) => void navigate(pathFor(page, params)),
    [navigate],
  )
}
