/**
 * Request validation. Query strings, path parameters and headers arrive as text, so they are coerced
 * to the schema's types; JSON bodies are not: `"name": 42` where a string is expected is a 400, not
 * a silent `"42"`. Unknown body properties are refused, never silently dropped.
 */
import { Ajv, type AnySchema } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

function createAjv(coerce: boolean, shared: AnySchema[]): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: true,
    strict: false,
  });
  addFormats(ajv);
  for (const s of shared) ajv.addSchema(s);
  return ajv;
}

export function createValidatorCompiler(shared: AnySchema[]): FastifySchemaCompiler<AnySchema> {
  const strict = createAjv(false, shared);
  const coercing = createAjv(true, shared);
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema);
}
