// Runtime shape checks for every API answer. A schema is a function (value, path) → list of problems; check() throws
// a SchemaError that names the route and each wrong field, so a changed API shows up as a readable message, not as
// "undefined" somewhere in the page. The shapes mirror docs/api.md (JSON is camelCase, enums are names).

export class SchemaError extends Error {
  constructor(where, problems) {
    super(`The answer of ${where} does not have the expected shape: ${problems.slice(0, 5).join('; ')}` +
      (problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''));
    this.name = 'SchemaError';
    this.problems = problems;
  }
}

const typeOf = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
const expect = (name, test) => (value, path) => (test(value) ? [] : [`${path || 'body'} should be ${name}, got ${typeOf(value)}`]);

export const string = expect('a string', (v) => typeof v === 'string');
export const number = expect('a number', (v) => typeof v === 'number' && Number.isFinite(v));
export const integer = expect('an integer', (v) => Number.isInteger(v));
export const boolean = expect('true or false', (v) => typeof v === 'boolean');
export const isoDate = expect('a date (ISO 8601)', (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)));

export const oneOf = (...names) => (value, path) =>
  names.includes(value) ? [] : [`${path || 'body'} should be one of ${names.join(', ')}, got ${JSON.stringify(value)}`];

export const nullable = (schema) => (value, path) => (value === null || value === undefined ? [] : schema(value, path));

export const array = (item) => (value, path) =>
  Array.isArray(value) ? value.flatMap((entry, i) => item(entry, `${path}[${i}]`)) : [`${path || 'body'} should be a list, got ${typeOf(value)}`];

export const record = (item) => (value, path) =>
  typeOf(value) === 'object'
    ? Object.entries(value).flatMap(([key, entry]) => item(entry, `${path}.${key}`))
    : [`${path || 'body'} should be an object, got ${typeOf(value)}`];

/** Named fields are required unless wrapped in nullable(); fields the page does not use may come and go. */
export const object = (fields) => (value, path) => {
  if (typeOf(value) !== 'object') return [`${path || 'body'} should be an object, got ${typeOf(value)}`];
  return Object.entries(fields).flatMap(([key, schema]) => {
    const at = path ? `${path}.${key}` : key;
    return key in value ? schema(value[key], at) : schema(undefined, at).length ? [`${at} is missing`] : [];
  });
};

export const any = () => [];

export function check(schema, value, where) {
  const problems = schema(value, '');
  if (problems.length) throw new SchemaError(where, problems);
  return value;
}

export const jobStatus = oneOf('Pending', 'Running', 'Completed', 'CompletedWithErrors', 'Failed', 'Cancelled');
export const itemStatus = oneOf('Pending', 'Succeeded', 'Failed', 'Cancelled');
export const jobKind = oneOf('Generate', 'Enrich');

export const jobAccepted = object({ jobId: string, status: jobStatus, statusUrl: string });

export const job = object({
  jobId: string,
  kind: jobKind,
  status: jobStatus,
  priority: oneOf('High', 'Normal', 'Low'),
  progressPercent: integer,
  progressMessage: string,
  counts: object({ total: integer, pending: integer, succeeded: integer, failed: integer, cancelled: integer }),
  costUsd: number,
  inputTokens: integer,
  outputTokens: integer,
  createdAt: isoDate,
  startedAt: nullable(isoDate),
  updatedAt: isoDate,
  completedAt: nullable(isoDate),
  errors: array(object({ errorClass: string, count: integer, sampleMessage: string })),
  retryRound: integer,
});

export const jobList = object({
  items: array(job),
  continuationToken: nullable(string),
  totals: object({
    pending: integer, running: integer, completed: integer, completedWithErrors: integer,
    failed: integer, cancelled: integer, all: integer,
  }),
});

export const jobItem = object({
  index: integer,
  status: itemStatus,
  productId: nullable(string),
  title: nullable(string),
  errorClass: nullable(string),
  errorMessage: nullable(string),
  failedStep: nullable(string),
  attempts: integer,
  degraded: boolean,
  costUsd: number,
});

export const itemPage = object({ items: array(jobItem), continuationToken: nullable(string) });

export const product = object({
  productId: string,
  jobId: string,
  itemIndex: integer,
  kind: jobKind,
  title: string,
  summary: string,
  content: record(any),
  hasImage: boolean,
  embeddingDimensions: integer,
  embeddingModel: nullable(string),
  servedBy: record(string),
  degraded: boolean,
  createdAt: isoDate,
});

/** GET /api/products: a page of products; only what the gallery shows is required. */
export const productPage = object({
  items: array(object({ productId: string, title: string, hasImage: nullable(boolean) })),
  continuationToken: nullable(string),
});

const usageCounters = {
  calls: integer, cacheHits: integer, inputTokens: integer, outputTokens: integer, images: integer,
  costUsd: number, failedCalls: integer, attempts: integer, retries: integer, rateLimited: integer, fallbacks: integer,
};

export const usage = object({
  tenantId: string,
  from: string,
  to: string,
  lines: array(object({ day: string, model: string, ...usageCounters })),
  ...usageCounters,
});

/** An error body: application/problem+json; every field optional, so a bare status still reads. */
export const problem = object({
  title: nullable(string),
  detail: nullable(string),
  status: nullable(integer),
  errors: nullable(record(array(string))),
});

/** Nightly insights arrive in a shape this page does not pin down yet; any JSON object is shown as it is. */
export const insights = record(any);

/** GET /api/products/{id}/similar, once nightly intelligence is on the server: scored neighbours. */
export const similar = object({ items: array(object({ productId: string, score: number, title: nullable(string) })) });
