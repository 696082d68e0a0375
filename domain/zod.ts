/**
 * The one zod instance of the project, extended with OpenAPI metadata: schemas validate input and generate
 * the OpenAPI document from the same definition. It lives in the domain core because the route schema (what a
 * designer may write) is a rule of the domain that the API, the seeds and the web client's types all use.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };
