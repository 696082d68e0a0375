/**
 * The standard routes of the sources (spec README "The routes"), shipped as ordinary route definitions a
 * designer can edit and republish, and the document types bound to them. Loaded on first start.
 *
 * Org references use the demo organisation's ids (db/seed/demo-org.ts): unit "department" runs the EDMS,
 * position "deputy-chairman" supervises it.
 */
import type { RouteDefinition } from '../../domain/routes/route-model';

export const DEPARTMENT_UNIT_ID = 'department';
export const DEPUTY_CHAIRMAN_POSITION_ID = 'deputy-chairman';

const registrars = [{ kind: 'role', role: 'registrar' }] as const;
const controllers = [{ kind: 'role', role: 'controller' }] as const;

export const STANDARD_ROUTES: RouteDefinition[] = [
  {
    // 002 A1 §6.7: approval → signing → registration; the draft number becomes the registration number.
    key: 'outgoing-letter',
    title: { kk: 'Шығыс хат', ru: 'Исходящее письмо' },
    stages: [
      { id: 'approval', type: 'approval', mode: 'sequential', quorum: 'all', participants: [{ kind: 'card-field', field: 'approvers' }], onReject: 'create-point', deadline: { days: 2, kind: 'working' } },
      { id: 'signing', type: 'signing', mode: 'sequential', participants: [{ kind: 'card-field', field: 'signer' }], onReject: 'create-point', deadline: { days: 2, kind: 'working' } },
      { id: 'registration', type: 'registration', journal: 'outgoing', participants: [...registrars], deadline: { days: 1, kind: 'working' } },
    ],
  },
  {
    // 002 A1 §6.1, 003 §§13–17: check the EDS, register or refuse, then resolution and execution.
    key: 'incoming-electronic',
    title: { kk: 'Кіріс электрондық құжат', ru: 'Входящий электронный документ' },
    stages: [
      { id: 'registration', type: 'registration', journal: 'incoming', participants: [...registrars], deadline: { days: 1, kind: 'working' } },
      { id: 'execution', type: 'execution', participants: [{ kind: 'card-field', field: 'addressees' }], control: 'controlled', deadline: { days: 10, kind: 'working' } },
      { id: 'control-removal', type: 'control-removal', participants: [...controllers] },
    ],
  },
  {
    // 002 A1 §6.2: duplicate check, card, registration (number and date into the title), execution.
    key: 'incoming-paper',
    title: { kk: 'Кіріс қағаз құжат', ru: 'Входящий бумажный документ' },
    stages: [
      { id: 'registration', type: 'registration', journal: 'incoming', participants: [...registrars], deadline: { days: 1, kind: 'working' } },
      { id: 'execution', type: 'execution', participants: [{ kind: 'card-field', field: 'executor' }], control: 'controlled', deadline: { days: 10, kind: 'working' } },
      { id: 'control-removal', type: 'control-removal', participants: [...controllers] },
    ],
  },
  {
    // An internal memo: signed by the head of the author's unit, registered, executed by its addressees.
    key: 'internal-memo',
    title: { kk: 'Қызметтік жазба', ru: 'Служебная записка' },
    stages: [
      { id: 'signing', type: 'signing', mode: 'sequential', participants: [{ kind: 'author-unit-head' }], onReject: 'create-point', deadline: { days: 1, kind: 'working' } },
      { id: 'registration', type: 'registration', journal: 'internal', participants: [...registrars] },
      { id: 'execution', type: 'execution', participants: [{ kind: 'card-field', field: 'addressees' }], control: 'none' },
    ],
  },
  {
    // 002 A1 §6.9: approval, signing, registration at the chancellery, then execution and acknowledgement.
    key: 'order',
    title: { kk: 'Негізгі қызмет бойынша бұйрық', ru: 'Приказ по основной деятельности' },
    stages: [
      { id: 'approval', type: 'approval', mode: 'parallel', quorum: 'all', participants: [{ kind: 'card-field', field: 'approvers' }], onReject: 'create-point', deadline: { days: 3, kind: 'working' } },
      { id: 'signing', type: 'signing', mode: 'sequential', participants: [{ kind: 'card-field', field: 'signer' }], onReject: 'create-point' },
      { id: 'registration', type: 'registration', journal: 'orders', participants: [...registrars] },
      {
        id: 'execution',
        type: 'execution',
        participants: [{ kind: 'card-field', field: 'executor' }],
        acknowledgers: [{ kind: 'card-field', field: 'addressees' }],
        control: 'controlled',
      },
      { id: 'control-removal', type: 'control-removal', participants: [...controllers] },
    ],
  },
  {
    // 002 §§5–9: a memo asking to change the EDMS, signed by the initiator's unit head, reviewed by the
    // Department within 5 calendar days of its arrival; a breach escalates to the Deputy Chairman.
    key: 'edms-change-memo',
    title: { kk: 'ЭҚЖ өзгерту туралы қызметтік жазба', ru: 'Служебная записка об изменении СЭД' },
    stages: [
      { id: 'unit-head-signing', type: 'signing', mode: 'sequential', participants: [{ kind: 'author-unit-head' }], onReject: 'create-point' },
      { id: 'registration', type: 'registration', journal: 'internal', participants: [...registrars] },
      {
        id: 'review',
        type: 'execution',
        participants: [{ kind: 'unit-head', unitId: DEPARTMENT_UNIT_ID }],
        control: 'controlled',
        deadline: { days: 5, kind: 'calendar' },
        escalateTo: [{ kind: 'position', positionId: DEPUTY_CHAIRMAN_POSITION_ID }],
      },
      { id: 'control-removal', type: 'control-removal', participants: [{ kind: 'position', positionId: DEPUTY_CHAIRMAN_POSITION_ID }] },
    ],
  },
  {
    // 002 §§10–11: the staff are notified of the change within 3 working days, by a memo through the EDMS.
    key: 'edms-change-notification',
    title: { kk: 'ЭҚЖ өзгерісі туралы хабарлама', ru: 'Уведомление об изменении СЭД' },
    stages: [
      {
        id: 'department-signing',
        type: 'signing',
        mode: 'sequential',
        participants: [{ kind: 'unit-head', unitId: DEPARTMENT_UNIT_ID }],
        onReject: 'create-point',
        deadline: { days: 3, kind: 'working' },
        escalateTo: [{ kind: 'position', positionId: DEPUTY_CHAIRMAN_POSITION_ID }],
      },
      { id: 'registration', type: 'registration', journal: 'internal', participants: [...registrars] },
      { id: 'acknowledgement', type: 'acknowledgement', participants: [{ kind: 'role', role: 'employee' }], deadline: { days: 3, kind: 'working' } },
    ],
  },
  {
    // seed-003 §33 and the archival rules: the archivist compiles the act from the files whose storage period
    // is over, the expert commission approves it, the head signs it; once registered the listed documents'
    // contents are removed (domain/records/destruction-effects.ts), their register entries kept.
    key: 'destruction-act',
    title: { kk: 'Жоюға бөлу туралы акт', ru: 'Акт о выделении к уничтожению' },
    stages: [
      { id: 'approval', type: 'approval', mode: 'parallel', quorum: 'all', participants: [{ kind: 'card-field', field: 'approvers' }], onReject: 'create-point', deadline: { days: 5, kind: 'working' } },
      { id: 'signing', type: 'signing', mode: 'sequential', participants: [{ kind: 'card-field', field: 'signer' }], onReject: 'create-point', deadline: { days: 3, kind: 'working' } },
      { id: 'registration', type: 'registration', journal: 'internal', participants: [...registrars], deadline: { days: 1, kind: 'working' } },
    ],
  },
];

export const STANDARD_DOCUMENT_TYPES = [
  { _id: 'outgoing-letter', title: { kk: 'Шығыс хат', ru: 'Исходящее письмо' }, routeKey: 'outgoing-letter' },
  { _id: 'incoming-electronic', title: { kk: 'Кіріс электрондық құжат', ru: 'Входящий электронный документ' }, routeKey: 'incoming-electronic' },
  { _id: 'incoming-paper', title: { kk: 'Кіріс қағаз құжат', ru: 'Входящий бумажный документ' }, routeKey: 'incoming-paper' },
  { _id: 'internal-memo', title: { kk: 'Қызметтік жазба', ru: 'Служебная записка' }, routeKey: 'internal-memo' },
  { _id: 'order', title: { kk: 'Бұйрық', ru: 'Приказ' }, routeKey: 'order' },
  { _id: 'edms-change-memo', title: { kk: 'ЭҚЖ өзгерту туралы жазба', ru: 'Записка об изменении СЭД' }, routeKey: 'edms-change-memo' },
  { _id: 'edms-change-notification', title: { kk: 'ЭҚЖ өзгерісі туралы хабарлама', ru: 'Уведомление об изменении СЭД' }, routeKey: 'edms-change-notification' },
  { _id: 'destruction-act', title: { kk: 'Жоюға бөлу туралы акт', ru: 'Акт о выделении к уничтожению' }, routeKey: 'destruction-act' },
];
