/**
 * What a person can be notified about, and how each notification reaches them: in the application only,
 * in the application and by e-mail at once, or gathered into one daily e-mail (the digest). Pure rules.
 */

export const NOTIFICATION_CHANNELS = ['app', 'email', 'digest'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * The kinds a person chooses a channel for. Rows of any other kind (written by a part of the system that
 * came later) are still shown and delivered, on the default channel of `other`.
 */
export const NOTIFICATION_KINDS = [
  'task.assigned',
  'resolution.assigned',
  'acknowledgement.requested',
  'deadline.reminder',
  'deadline.breached',
  'document.returned',
  'substitution.started',
  'substitution.ended',
  'access.decided',
  'receipt.chase',
  'exchange.incoming',
  'other',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What arrives by e-mail unless the person chose otherwise: what needs them soon goes by mail at once. */
export const DEFAULT_CHANNELS: Record<NotificationKind, NotificationChannel> = {
  'task.assigned': 'email',
  'resolution.assigned': 'email',
  'acknowledgement.requested': 'digest',
  'deadline.reminder': 'email',
  'deadline.breached': 'email',
  'document.returned': 'email',
  'substitution.started': 'email',
  'substitution.ended': 'app',
  'access.decided': 'email',
  'receipt.chase': 'email',
  'exchange.incoming': 'email',
  other: 'app',
};

/** Kinds written under older or other names map onto the kind a person chooses for. */
const ALIASES: Record<string, NotificationKind> = {
  'receipt.missing': 'receipt.chase',
  'exchange.receipt-missing': 'receipt.chase',
  'exchange.incoming-awaiting-registration': 'exchange.incoming',
  'exchange.received': 'exchange.incoming',
  'incoming.awaiting-registration': 'exchange.incoming',
  // A request to the system administrator waiting for the reader is a task like any other.
  'admin-request.to-agree': 'task.assigned',
  'admin-request.to-answer': 'task.assigned',
};

export function preferenceKindOf(kind: string): NotificationKind {
  if ((NOTIFICATION_KINDS as readonly string[]).includes(kind)) return kind as NotificationKind;
  return ALIASES[kind] ?? 'other';
}

export type ChannelChoices = Partial<Record<NotificationKind, NotificationChannel>>;

export function channelFor(kind: string, choices: ChannelChoices | undefined): NotificationChannel {
  const k = preferenceKindOf(kind);
  return choices?.[k] ?? DEFAULT_CHANNELS[k];
}

/** Every kind with its channel in force: the person's choice or the default. */
export function effectiveChoices(choices: ChannelChoices | undefined): Record<NotificationKind, NotificationChannel> {
  return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, choices?.[k] ?? DEFAULT_CHANNELS[k]])) as Record<NotificationKind, NotificationChannel>;
}

/** The calendar day (Astana, UTC+5, no DST since 2024-03-01) a digest covers: "2026-12-06". */
export function astanaDayKey(atMs: number): string {
  return new Date(atMs + 5 * 3600_000).toISOString().slice(0, 10);
}

/** The stored form (a list: kinds contain dots, which MongoDB field paths would split) to choices. */
export function choicesFromList(list: ReadonlyArray<{ kind: string; channel: string }> | null | undefined): ChannelChoices {
  const out: ChannelChoices = {};
  for (const c of list ?? []) {
    if ((NOTIFICATION_KINDS as readonly string[]).includes(c.kind) && (NOTIFICATION_CHANNELS as readonly string[]).includes(c.channel)) {
      out[c.kind as NotificationKind] = c.channel as NotificationChannel;
    }
  }
  return out;
}

export function choicesToList(choices: ChannelChoices): Array<{ kind: NotificationKind; channel: NotificationChannel }> {
  return NOTIFICATION_KINDS.filter((k) => choices[k]).map((k) => ({ kind: k, channel: choices[k]! }));
}
