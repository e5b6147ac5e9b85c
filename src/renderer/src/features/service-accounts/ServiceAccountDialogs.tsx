import { useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useRestoreFocus } from '../../components/useRestoreFocus'
import { ChangeRoleDialog } from './ChangeRoleDialog'
import { ResetTokenDialog, UndeleteDialog } from './ConfirmTokenActionDialogs'
import { CreateServiceAccountDialog } from './CreateServiceAccountDialog'
import { DeleteServiceAccountDialog } from './DeleteServiceAccountDialog'
import { EditAssignmentsDialog } from './EditAssignmentsDialog'
import { ExplainAccessDialog } from './ExplainAccessDialog'
import { NetworkAllowlistDialog } from './NetworkAllowlistDialog'
import { OneTimeTokenDialog } from './OneTimeTokenDialog'
import { RequestQuotaDialog } from './RequestQuotaDialog'
import {
  selectDialog,
  selectDialogAccount,
  selectOneTimeToken,
  useServiceAccountsStore,
} from './service-accounts.store'

/** The menu button of an account's row (`ServiceAccountRowMenu` marks it). */
function rowMenuButton(name: string | null): HTMLElement | null {
  if (name === null) return null
  const buttons = document.querySelectorAll<HTMLElement>('[data-account-menu]')
  return Array.from(buttons).find((b) => b.dataset.accountMenu === name) ?? null
}

/** Whichever service-account dialog is open, plus the one-time token dialog. */
export function ServiceAccountDialogs() {
  const { dialog, account, tokenAccount, close } = useServiceAccountsStore(
    useShallow((s) => ({
      dialog: selectDialog(s),
      account: selectDialogAccount(s),
      tokenAccount: selectOneTimeToken(s)?.accountName ?? null,
      close: s.closeDialog,
    })),
  )
  // Bumped to start an edit dialog again from the account as it is now (after a stale edit).
  const [generation, setGeneration] = useState(0)
  const reload = () => setGeneration((g) => g + 1)
  // The account a flow is about, kept after its last dialog closes: focus returns to its row.
  const flowAccount = useRef<string | null>(null)
  const name = account?.name ?? tokenAccount
  useEffect(() => {
    if (name !== null) flowAccount.current = name
  }, [name])
  useRestoreFocus(dialog !== null || tokenAccount !== null, () =>
    rowMenuButton(flowAccount.current),
  )
  return (
    <>
      <CreateServiceAccountDialog opened={dialog?.kind === 'create'} onClose={close} />
      {dialog?.kind === 'requestQuota' && <RequestQuotaDialog onClose={close} />}
      {account && dialog?.kind === 'changeRole' && (
        <ChangeRoleDialog key={generation} account={account} onClose={close} onReload={reload} />
      )}
      {account && dialog?.kind === 'assignments' && (
        <EditAssignmentsDialog
          key={generation}
          account={account}
          onClose={close}
          onReload={reload}
        />
      )}
      {account && dialog?.kind === 'resetToken' && (
        <ResetTokenDialog account={account} onClose={close} />
      )}
      {account && dialog?.kind === 'explain' && (
        <ExplainAccessDialog account={account} onClose={close} />
      )}
      {account && dialog?.kind === 'networks' && (
        <NetworkAllowlistDialog account={account} onClose={close} />
      )}
      {account && dialog?.kind === 'delete' && (
        <DeleteServiceAccountDialog
          key={generation}
          account={account}
          onClose={close}
          onReload={reload}
        />
      )}
      {account && dialog?.kind === 'undelete' && (
        <UndeleteDialog account={account} onClose={close} />
      )}
      <OneTimeTokenDialog />
    </>
  )
}
