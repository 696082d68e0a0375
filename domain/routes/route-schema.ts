/**
 * The schema of a route definition: what a process designer may write. Every mistake is reported with
 * its path (e.g. "stages.2.participants.0.kind"), and cross-field rules (unique stage ids, quorum within
 * the participants, control removal after execution) are checked here too.
 */
import { CARD_PARTICIPANT_FIELDS } from './route-model';
import type { RouteDefinition } from './route-model';
import { z } from '../zod';

const stageId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lowercase letters, digits and "-", starting with a letter');
const entityId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

export const deadlineRuleSchema = z.union([
  z.object({ days: z.number().int().min(1).max(366), kind: z.literal('calendar'), moveOffNonWorking: z.boolean().optional() }).strict(),
  z.object({ days: z.number().int().min(1).max(366), kind: z.literal('working') }).strict(),
  z.object({ hours: z.number().int().min(1).max(8784) }).strict(),
]);

export const participantRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('employee'), employeeId: entityId }).strict(),
  z.object({ kind: z.literal('position'), positionId: entityId }).strict(),
  z.object({ kind: z.literal('author') }).strict(),
  z.object({ kind: z.literal('author-unit-head') }).strict(),
  z.object({ kind: z.literal('unit-head'), unitId: entityId }).strict(),
  z.object({ kind: z.literal('role'), role: z.enum(['employee', 'registrar', 'controller', 'designer', 'administrator', 'auditor']) }).strict(),
  z.object({ kind: z.literal('card-field'), field: z.enum(CARD_PARTICIPANT_FIELDS) }).strict(),
]);

const participants = z.array(participantRefSchema).min(1, 'name at least one participant').max(50);
const base = {
  id: stageId,
  title: z.string().max(200).optional(),
  deadline: deadlineRuleSchema.optional(),
  remindWorkingDaysBefore: z.number().int().min(0).max(30).optional(),
  escalateTo: z.array(participantRefSchema).max(20).optional(),
};
const quorum = z.union([z.literal('all'), z.literal('any'), z.object({ atLeast: z.number().int().min(1).max(50) }).strict()]);
const control = z.enum(['none', 'controlled', 'personal']);

export const stageSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('approval'), mode: z.enum(['sequential', 'parallel']), quorum, participants, allowSelfApproval: z.boolean().optional(), onReject: z.literal('create-point') }).strict(),
  z.object({ ...base, type: z.literal('signing'), mode: z.enum(['sequential', 'parallel']), participants, requiredRoles: z.array(z.string().regex(/^\d+(\.\d+)+$/, 'an OID')).max(10).optional(), onReject: z.literal('create-point') }).strict(),
  z.object({ ...base, type: z.literal('registration'), journal: entityId, participants }).strict(),
  z.object({ ...base, type: z.literal('execution'), participants, control, acknowledgers: z.array(participantRefSchema).max(50).optional() }).strict(),
  z.object({ ...base, type: z.literal('control-removal'), participants }).strict(),
  z.object({ ...base, type: z.literal('acknowledgement'), participants }).strict(),
]);

export const routeDefinitionSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'lowercase letters, digits and "-"'),
    title: z.object({ kk: z.string().min(1).max(200), ru: z.string().min(1).max(200) }).strict(),
    stages: z.array(stageSchema).min(1, 'a route has at least one stage').max(30),
  })
  .strict()
  .superRefine((route, ctx) => {
    const seen = new Map<string, number>();
    route.stages.forEach((stage, i) => {
      if (seen.has(stage.id)) {
        ctx.addIssue({ code: 'custom', path: ['stages', i, 'id'], params: { rule: 'unique-stage-id' }, message: `stage id "${stage.id}" is already used by stage ${seen.get(stage.id)}` });
      }
      seen.set(stage.id, i);
      if (stage.type === 'approval' && typeof stage.quorum === 'object' && stage.participants.length === 1 && stage.quorum.atLeast > 1) {
        ctx.addIssue({ code: 'custom', path: ['stages', i, 'quorum', 'atLeast'], params: { rule: 'quorum-needs-participants' }, message: 'a quorum larger than one needs more than one participant reference' });
      }
      if (stage.type === 'control-removal' && !route.stages.slice(0, i).some((s) => s.type === 'execution')) {
        ctx.addIssue({ code: 'custom', path: ['stages', i, 'type'], params: { rule: 'execution-before-control-removal' }, message: 'removal from control needs an execution stage before it' });
      }
      if ((stage.type === 'execution' || stage.type === 'control-removal') && !route.stages.slice(0, i).some((s) => s.type === 'registration')) {
        ctx.addIssue({ code: 'custom', path: ['stages', i, 'type'], params: { rule: 'registration-before-execution' }, message: `${stage.type} happens to registered documents: put a registration stage before it` });
      }
    });
  })
  .openapi('RouteDefinition');

/** Type-level proof that the schema and the model agree. */
export const asRouteDefinition = (parsed: z.output<typeof routeDefinitionSchema>): RouteDefinition => parsed;
