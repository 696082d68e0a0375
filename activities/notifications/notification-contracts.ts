/** The activities the notification workflows call (types only: workflow code imports this file). */

export interface SendMailInput {
  mailId: string;
}

export interface SweepNotificationsResult {
  dispatched: number;
  mailsRestarted: number;
  substitutionNotices: number;
}

export interface SendDigestsInput {
  /** The workflow's time: the Astana day it falls in names the digest, so retries make the same mail. */
  atMs: number;
}

export interface NotificationActivities {
  sendMail(input: SendMailInput): Promise<{ sent: boolean; messageId?: string }>;
  sweepNotifications(input: Record<string, never>): Promise<SweepNotificationsResult>;
  sendDigests(input: SendDigestsInput): Promise<{ mails: number; notifications: number }>;
}
