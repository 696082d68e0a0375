/**
 * The one zod instance of the API, extended with OpenAPI metadata: request schemas validate input and
 * generate the OpenAPI document from the same definition.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };
