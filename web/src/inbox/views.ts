/** The "My documents" views of source 002 in the order staff expect them, with their icons. */
import type { InboxView } from '../api/types';
import type { MessageKey } from '../i18n/dictionary';
import type { IconName } from '../ui/icon';

export const VIEWS: ReadonlyArray<{ id: InboxView; icon: IconName; label: MessageKey }> = [
  { id: 'for-approval', icon: 'approve', label: 'view.for-approval' },
  { id: 'for-signing', icon: 'sign', label: 'view.for-signing' },
  { id: 'for-registration', icon: 'register', label: 'view.for-registration' },
  { id: 'execution', icon: 'execution', label: 'view.execution' },
  { id: 'control-removal', icon: 'control', label: 'view.control-removal' },
  { id: 'acknowledgement', icon: 'acknowledge', label: 'view.acknowledgement' },
  { id: 'incoming', icon: 'incoming', label: 'view.incoming' },
  { id: 'rejected', icon: 'rejected', label: 'view.rejected' },
  { id: 'drafts', icon: 'drafts', label: 'view.drafts' },
  { id: 'overdue', icon: 'overdue', label: 'view.overdue' },
];

export const isInboxView = (v: string): v is InboxView => VIEWS.some((x) => x.id === v);
