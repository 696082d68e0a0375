/**
 * The one error middleware: everything becomes RFC 9457 problem+json. Refusals from a workflow's
 * update validator arrive as ApplicationFailure types and map to 403/409/422; anything unexpected is a
 * logged 500 that reveals nothing.
 */
import type { NextFunction, Request, Response } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from '../../config/logger';
import { REFUSALS } from '../../domain/documents/actions';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problems } from '../problem';

const STATUS_OF_REFUSAL: Record<string, number> = {
  [REFUSALS.notParticipant]: 403,
  [REFUSALS.notAllowed]: 409,
  [REFUSALS.wrongStage]: 409,
  [REFUSALS.alreadyDone]: 409,
  [REFUSALS.invalid]: 422,
  [REFUSALS.signatureInvalid]: 422,
  [REFUSALS.registrationRefused]: 422,
};

/** The refusal may come straight from a validator or wrapped in the ActivityFailure of a refusing activity. */
function refusalCause(error: Error | undefined): ApplicationFailure | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = e.cause as Error | undefined, depth++) {
    if (e instanceof ApplicationFailure && e.type && STATUS_OF_REFUSAL[e.type]) return e;
  }
  return undefined;
}

function fromWorkflowRefusal(error: WorkflowUpdateFailedError): HttpProblem | undefined {
  const cause = refusalCause(error.cause);
  if (!cause?.type) return undefined;
  const status = STATUS_OF_REFUSAL[cause.type];
  if (!status) return undefined;
  const slug = cause.type.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  const details = cause.details?.[0];
  const extras = details && typeof details === 'object' ? { report: details } : {};
  return new HttpProblem(status, slug, status === 403 ? 'Not allowed' : 'The action was refused', cause.message, { refusal: cause.type, ...extras });
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message: string;
}

function fromBodyParser(error: BodyParserError): HttpProblem | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return problems.badRequest('The body is not valid JSON.', [{ field: 'body', message: 'malformed JSON' }]);
    case 'entity.too.large':
      return problems.tooLarge('The body is larger than this endpoint accepts.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problems.unsupportedMediaType(error.message);
    default:
      return error.status && error.status >= 400 && error.status < 500 && error.expose
        ? new HttpProblem(error.status, 'bad-request', 'Bad request', error.message)
        : undefined;
  }
}

export function toProblem(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (error instanceof WorkflowUpdateFailedError) return fromWorkflowRefusal(error);
  if (error instanceof WorkflowExecutionAlreadyStartedError) return problems.conflict('This document already has a running route.');
  if (error instanceof WorkflowNotFoundError) return problems.notFound('The document route');
  if (error && typeof error === 'object' && 'type' in error) return fromBodyParser(error as BodyParserError);
  return undefined;
}

export function errorHandler(logger: Logger, onRefused: (req: Request, reason: string) => Promise<void>) {
  return async (error: unknown, req: Request, res: Response, _next: NextFunction): Promise<void> => {
    const problem = toProblem(error);
    if (!problem) logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
    // Every refusal, wherever it was decided (role check, substitution, a workflow validator), is audited.
    if (problem && (problem.status === 401 || problem.status === 403)) {
      await onRefused(req, problem.detail ?? problem.title).catch((e: unknown) => logger.error({ err: e }, 'could not log a refusal'));
    }
    const finalProblem = problem ?? new HttpProblem(500, 'internal', 'Internal error', 'Something went wrong on our side; it has been logged.');
    if (res.headersSent) return;
    res.status(finalProblem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(finalProblem.toBody(req.originalUrl)));
  };
}
