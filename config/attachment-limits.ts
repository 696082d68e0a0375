/**
 * Per-document attachment limits (seed-003 §7: 60 MB and 6 files by default), configurable per
 * installation: QUJAT_ATTACHMENT_MAX_FILES, QUJAT_ATTACHMENT_MAX_TOTAL_MB. Validated like the rest
 * of the configuration: a bad value throws ConfigError naming the variable.
 */
import { z } from 'zod';
import { ConfigError } from './index';

export interface AttachmentLimits {
  /** Attachments per document (the content part is not counted). Default 6 (seed-003 §7). */
  maxFiles: number;
  /** Bytes of all the document's files together. Default 60 MB (seed-003 §7). */
  maxTotalBytes: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxFiles: 6, maxTotalBytes: 60 * 1024 * 1024 };

const schema = z.object({
  QUJAT_ATTACHMENT_MAX_FILES: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
  QUJAT_ATTACHMENT_MAX_TOTAL_MB: z.coerce.number().positive('must be positive').max(10_240, 'must be at most 10240').optional(),
});

export function loadAttachmentLimits(env: NodeJS.ProcessEnv = process.env): AttachmentLimits {
  const relevant = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('QUJAT_ATTACHMENT_') && v));
  const parsed = schema.safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0]);
    throw new ConfigError(`Invalid ${variable}=${JSON.stringify(env[variable])}: ${issue.message}`);
  }
  return {
    maxFiles: parsed.data.QUJAT_ATTACHMENT_MAX_FILES ?? DEFAULT_ATTACHMENT_LIMITS.maxFiles,
    maxTotalBytes: parsed.data.QUJAT_ATTACHMENT_MAX_TOTAL_MB !== undefined
      ? Math.round(parsed.data.QUJAT_ATTACHMENT_MAX_TOTAL_MB * 1024 * 1024)
      : DEFAULT_ATTACHMENT_LIMITS.maxTotalBytes,
  };
}
