/**
 * Every message of the interface in Kazakh and Russian, one table per part of the interface (messages/).
 * A missing translation is a type error (each entry needs both languages), and so is a key used in code that
 * is not here. A key defined in two parts would silently win by order here, so test/unit/web/dictionary.test.ts
 * refuses repeats.
 */
import { ACTION_MESSAGES } from './messages/actions';
import { ADMIN_MESSAGES } from './messages/admin';
import { AUDIT_MESSAGES } from './messages/audit';
import { COMMON_MESSAGES } from './messages/common';
import { DESIGNER_MESSAGES } from './messages/designer';
import { DOCUMENT_CARD_MESSAGES } from './messages/document-card';
import { EDS_MESSAGES } from './messages/eds';
import { EVENT_MESSAGES } from './messages/events';
import { HELP_MESSAGES } from './messages/help';
import { INBOX_MESSAGES } from './messages/inbox';
import { SEARCH_MESSAGES } from './messages/search';
import { SHELL_MESSAGES } from './messages/shell';
import { SIGN_IN_MESSAGES } from './messages/sign-in';
import { VOCABULARY_MESSAGES } from './messages/vocabulary';
import { RECORDS_MESSAGES } from './messages/records';
import { EXCHANGE_MESSAGES } from './messages/exchange';
import { NOTIFICATION_MESSAGES } from './messages/notifications';
import { OVERSIGHT_MESSAGES } from './messages/oversight';
import { INFORMATION_REQUEST_MESSAGES } from './messages/information-requests';
import { ROUTE_DESIGNER_MESSAGES } from './messages/route-designer';
import { SCREEN_MESSAGES } from './messages/screens';
import { ARCHIVE_MESSAGES } from './messages/archive';
import { PROBLEM_MESSAGES } from './messages/problems';
import { ADMIN_REQUEST_MESSAGES } from './messages/admin-requests';
import { OVERSIGHT_SCREEN_MESSAGES } from './messages/oversight-screens';
import type { Entry } from './messages/entry';

export const DICTIONARY = {
  ...COMMON_MESSAGES,
  ...SIGN_IN_MESSAGES,
  ...SHELL_MESSAGES,
  ...INBOX_MESSAGES,
  ...VOCABULARY_MESSAGES,
  ...DOCUMENT_CARD_MESSAGES,
  ...ACTION_MESSAGES,
  ...DESIGNER_MESSAGES,
  ...AUDIT_MESSAGES,
  ...ADMIN_MESSAGES,
  ...HELP_MESSAGES,
  ...SEARCH_MESSAGES,
  ...EVENT_MESSAGES,
  ...EDS_MESSAGES,
  ...RECORDS_MESSAGES,
  ...EXCHANGE_MESSAGES,
  ...NOTIFICATION_MESSAGES,
  ...OVERSIGHT_MESSAGES,
  ...INFORMATION_REQUEST_MESSAGES,
  ...ROUTE_DESIGNER_MESSAGES,
  ...SCREEN_MESSAGES,
  ...ARCHIVE_MESSAGES,
  ...PROBLEM_MESSAGES,
  ...ADMIN_REQUEST_MESSAGES,
  ...OVERSIGHT_SCREEN_MESSAGES,
} as const satisfies Record<string, Entry>;

export type MessageKey = keyof typeof DICTIONARY;
