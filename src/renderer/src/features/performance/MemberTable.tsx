import { ScrollArea, Table } from '@mantine/core'
import { memo } from 'react'
import {
  SUMMARY_COLUMNS,
  type MemberReport,
} from '../../../../shared/contracts/performance.contract'
import { memberLabel } from './chart-data'
import { displayValue } from './format'

/**
 * Every figure per member, one column per member so compared members sit side by side. The
 * rows are the CSV export's columns with the same texts (times in local time here).
 */
export const MemberTable = memo(function MemberTable(props: { members: MemberReport[] }) {
  return (
    <ScrollArea>
      <Table striped withTableBorder highlightOnHover fz="sm" aria-label="Figures per member">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Figure</Table.Th>
            {props.members.map((m) => (
              <Table.Th key={m.subject.userId ?? 'org'} scope="col">
                {memberLabel(m)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {SUMMARY_COLUMNS.map((c) => (
            <Table.Tr key={c.label}>
              <Table.Th scope="row">{c.label}</Table.Th>
              {props.members.map((m) => (
                <Table.Td key={m.subject.userId ?? 'org'}>
                  {displayValue(c.get(m), c.format)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  )
})
