/** Request validation with zod; a failure names every field at fault (RFC 9457 `errors`). */
import type { ZodError, ZodTypeAny, z } from 'zod';
import { problems, type FieldError } from './problem';

export function fieldErrors(error: ZodError, prefix: string): FieldError[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path].filter((p) => p !== '').join('.'),
    message: issue.message,
  }));
}

export function parseOrThrow<S extends ZodTypeAny>(schema: S, value: unknown, prefix: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw problems.validation(fieldErrors(result.error, prefix));
  return result.data;
}
