/**
 * The route schema's findings in the designer's language. The schema (shared with the API) speaks English
 * for API users; here each issue is named by its path and, for cross-field rules, by the rule's name.
 */
import type { GraphProblemCode, RouteIssue } from '../../../domain/routes/route-graph';
import type { MessageKey } from '../i18n/dictionary';

export function issueKey(issue: RouteIssue): MessageKey {
  if (issue.rule) return `rd.issue.${issue.rule}` as MessageKey;
  const path = issue.path.map(String);
  const has = (segment: string) => path.includes(segment);
  if (issue.code === 'unrecognized_keys') return 'rd.issue.unknownField';
  if (path[0] === 'key') return 'rd.issue.key';
  if (path[0] === 'title') return 'rd.issue.title';
  if (path.length === 1 && path[0] === 'stages') return 'rd.issue.stages';
  if (has('deadline')) return 'rd.issue.deadline';
  if (has('quorum')) return 'rd.issue.quorum';
  if (has('remindWorkingDaysBefore')) return 'rd.issue.remind';
  if (has('journal')) return 'rd.issue.journal';
  if (has('participants') || has('acknowledgers') || has('escalateTo')) {
    return path[path.length - 1] === 'participants' && issue.code === 'too_small'
      ? 'rd.issue.participants'
      : 'rd.issue.participant';
  }
  if (path.length === 3 && path[2] === 'id') return 'rd.issue.stageId';
  if (path.length === 3 && path[2] === 'type') return 'rd.issue.type';
  if (path.length === 2 && issue.code === 'invalid_union_discriminator') return 'rd.issue.type';
  return 'rd.issue.other';
}

export const graphProblemKey = (code: GraphProblemCode): MessageKey => `rd.graph.${code}`;
