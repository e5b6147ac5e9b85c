import { z } from 'zod'
import { Description, Id, Timestamp, Title } from '../schemas'
import { contract } from './contract'
import { Member } from './members.contract'

export const Workspace = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  color: z.string(),
  createdAt: Timestamp,
  archivedAt: Timestamp.nullable(),
  projectCount: z.number().int(),
  memberCount: z.number().int(),
})
export type Workspace = z.infer<typeof Workspace>

export const Project = z.object({
  id: Id,
  workspaceId: Id.nullable(),
  title: z.string(),
  description: z.string(),
  createdAt: Timestamp,
  archivedAt: Timestamp.nullable(),
  taskCount: z.number().int(),
  memberCount: z.number().int(),
})
export type Project = z.infer<typeof Project>

const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Color must look like #1a2b3c')
const MemberChange = z.object({ id: Id, userId: Id }).strict()
const ById = z.object({ id: Id }).strict()
const Archive = z.object({ id: Id, archived: z.boolean() }).strict()

export const workspacesContracts = {
  'workspaces:list': contract(
    z.object({ includeArchived: z.boolean().optional() }).strict().optional(),
    z.array(Workspace),
  ),
  'workspaces:create': contract(
    z
      .object({ title: Title, description: Description.default(''), color: Color.optional() })
      .strict(),
    Workspace,
  ),
  'workspaces:update': contract(
    z
      .object({
        id: Id,
        title: Title.optional(),
        description: Description.optional(),
        color: Color.optional(),
      })
      .strict(),
    Workspace,
  ),
  'workspaces:archive': contract(Archive, Workspace),
  'workspaces:delete': contract(ById, z.object({ id: Id })),
  'workspaces:members': contract(ById, z.array(Member)),
  'workspaces:addMember': contract(MemberChange, z.array(Member)),
  'workspaces:removeMember': contract(MemberChange, z.array(Member)),
} as const

export const projectsContracts = {
  'projects:list': contract(
    z
      .object({ workspaceId: Id.optional(), includeArchived: z.boolean().optional() })
      .strict()
      .optional(),
    z.array(Project),
  ),
  'projects:create': contract(
    z
      .object({
        title: Title,
        description: Description.default(''),
        workspaceId: Id.nullable().default(null),
      })
      .strict(),
    Project,
  ),
  'projects:update': contract(
    z
      .object({
        id: Id,
        title: Title.optional(),
        description: Description.optional(),
        workspaceId: Id.nullable().optional(),
      })
      .strict(),
    Project,
  ),
  'projects:archive': contract(Archive, Project),
  'projects:delete': contract(ById, z.object({ id: Id })),
  'projects:members': contract(ById, z.array(Member)),
  'projects:addMember': contract(MemberChange, z.array(Member)),
  'projects:removeMember': contract(MemberChange, z.array(Member)),
} as const
