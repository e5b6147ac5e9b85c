import { useShallow } from 'zustand/react/shallow'
import { ChangeRoleDialog } from './ChangeRoleDialog'
import { ResetTokenDialog, UndeleteDialog } from './ConfirmTokenActionDialogs'
import { CreateServiceAccountDialog } from './CreateServiceAccountDialog'
import { DeleteServiceAccountDialog } from './DeleteServiceAccountDialog'
import { EditAssignmentsDialog } from './EditAssignmentsDialog'
import { OneTimeTokenDialog } from './OneTimeTokenDialog'
import { RequestQuotaDialog } from './RequestQuotaDialog'
import {
  selectDialog,
  selectDialogAccount,
  useServiceAccountsStore,
} from './service-accounts.store'

/** Whichever service-account dialog is open, plus the one-time token dialog. */
export function ServiceAccountDialogs() {
  const { dialog, account, close } = useServiceAccountsStore(
    useShallow((s) => ({
      dialog: selectDialog(s),
      account: selectDialogAccount(s),
      close: s.closeDialog,
    })),
  )
  return (
    <>
      <CreateServiceAccountDialog opened={dialog?.kind === 'create'} onClose={close} />
      {dialog?.kind === 'requestQuota' && <RequestQuotaDialog onClose={close} />}
      {account && dialog?.kind === 'changeRole' && (
        <ChangeRoleDialog account={account} onClose={close} />
      )}
      {account && dialog?.kind === 'assignments' && (
        <EditAssignmentsDialog account={account} onClose={close} />
      )}
      {account && dialog?.kind === 'resetToken' && (
        <ResetTokenDialog account={account} onClose={close} />
      )}
      {account && dialog?.kind === 'delete' && (
        <DeleteServiceAccountDialog account={account} onClose={close} />
      )}
      {account && dialog?.kind === 'undelete' && (
        <UndeleteDialog account={account} onClose={close} />
      )}
      <OneTimeTokenDialog />
    </>
  )
}
