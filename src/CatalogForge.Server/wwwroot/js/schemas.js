// Runtime shape checks for every API answer. A schema is a function (value, path) → list of problems; check() throws
// a SchemaError that names the route and each wrong field, so a changed API shows up as a readable message, not as
// "undefined" somewhere in the page. The shapes mirror docs/api.md (JSON is camelCase, enums are names).
//
// Each schema also carries a plain description of itself (`.shape`: type, properties, items, enum, nullable), and
// `responses` names the route and status each schema checks: a test reads both with Node and compares them with the
// Server's /openapi/v1.json, so a field renamed on either side fails the build instead of the page.

export class SchemaError extends Error {
  constructor(where, problems) {
    super(`The answer of ${where} does not have the expected shape: ${problems.slice(0, 5).join('; ')}` +
      (problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''));
    this.name = 'SchemaError';
    this.problems = problems;
  }
}

const typeOf = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
const described = (schema, shape) => Object.assign(schema, { shape });
const expect = (name, test, shape) =>
  described((value, path) => (test(value) ? [] : [`${path || 'body'} should be ${name}, got ${typeOf(value)}`]), shape);

export const string = expect('a string', (v) => typeof v === 'string', { type: 'string' });
export const number = expect('a number', (v) => typeof v === 'number' && Number.isFinite(v), { type: 'number' });
export const integer = expect('an integer', (v) => Number.isInteger(v), { type: 'integer' });
export const boolean = expect('true or false', (v) => typeof v === 'boolean', { type: 'boolean' });
export const isoDate = expect('a date (ISO 8601)', (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  { type: 'string', format: 'date-time' });

export const oneOf = (...names) => described((value, path) =>
  names.includes(value) ? [] : [`${path || 'body'} should be one of ${names.join(', ')}, got ${JSON.stringify(value)}`],
{ type: 'string', enum: names });

export const nullable = (schema) =>
  described((value, path) => (value === null || value === undefined ? [] : schema(value, path)), { ...schema.shape, nullable: true });

export const array = (item) => described((value, path) =>
  Array.isArray(value) ? value.flatMap((entry, i) => item(entry, `${path}[${i}]`)) : [`${path || 'body'} should be a list, got ${typeOf(value)}`],
{ type: 'array', items: item.shape });

export const record = (item) => described((value, path) =>
  typeOf(value) === 'object'
    ? Object.entries(value).flatMap(([key, entry]) => item(entry, `${path}.${key}`))
    : [`${path || 'body'} should be an object, got ${typeOf(value)}`],
{ type: 'object', additionalProperties: item.shape });

/** Named fields are required unless wrapped in nullable(); fields the page does not use may come and go. */
export const object = (fields) => described((value, path) => {
  if (typeOf(value) !== 'object') return [`${path || 'body'} should be an object, got ${typeOf(value)}`];
  return Object.entries(fields).flatMap(([key, schema]) => {
    const at = path ? `${path}.${key}` : key;
    return key in value ? schema(value[key], at) : schema(undefined, at).length ? [`${at} is missing`] : [];
  });
}, { type: 'object', properties: Object.fromEntries(Object.entries(fields).map(([key, schema]) => [key, schema.shape])) });

export const any = described(() => [], {});

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
  // The document's JobPriority enum includes null (a job's options may leave it out); the page shows nothing then.
  priority: nullable(oneOf('High', 'Normal', 'Low')),
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


// Nightly catalog intelligence. Before a tenant's first run the routes answer with null snapshot ids and empty lists.

export const runStatus = oneOf('Running', 'Completed', 'Failed');

/** POST /api/catalog/refresh: an on-demand run was started. */
export const refreshAccepted = object({ runId: string, instanceId: string, status: runStatus, statusUrl: string });

export const nightlyRun = object({
  runId: string,
  status: runStatus,
  snapshotId: nullable(string),
  isCurrent: nullable(boolean),
  startedAt: nullable(isoDate),
  finishedAt: nullable(isoDate),
  durationSeconds: nullable(number),
  products: nullable(integer),
  reembedded: nullable(integer),
  embedFailures: nullable(integer),
  nearDuplicatePairs: nullable(integer),
  clusters: nullable(integer),
  newClusters: nullable(integer),
  riskScore: nullable(integer),
  alerts: nullable(integer),
  inputTokens: nullable(integer),
  costUsd: nullable(number),
  errorClass: nullable(string),
  errorMessage: nullable(string),
});

export const nightlyRunPage = object({ items: array(nightlyRun), continuationToken: nullable(string) });

/** GET /api/products/{id}/similar: the product's neighbours in the current snapshot, best first. */
export const similar = object({
  productId: string,
  snapshotId: nullable(string),
  computedAt: nullable(isoDate),
  similar: array(object({ productId: string, title: nullable(string), score: number })),
});

export const duplicates = object({
  snapshotId: nullable(string),
  computedAt: nullable(isoDate),
  clusters: array(object({
    clusterId: string,
    members: array(object({ productId: string, title: nullable(string) })),
    pairs: array(object({ a: string, b: string, score: number })),
  })),
});

export const alert = object({
  alertId: string,
  snapshotId: string,
  rule: string,
  value: number,
  threshold: number,
  message: string,
  raisedAt: isoDate,
});

export const brandPerception = object({
  brand: string,
  isOwn: boolean,
  mentionShare: number,
  meanRank: nullable(number),
  meanSentiment: nullable(number),
  previousMentionShare: nullable(number),
  previousMeanRank: nullable(number),
  previousMeanSentiment: nullable(number),
});

const driftReport = object({
  hasPrevious: boolean,
  added: array(string),
  removed: array(string),
  changed: array(string),
  churnShare: number,
  categories: array(object({ category: string, previousSize: integer, currentSize: integer, centroidShift: nullable(number) })),
  maxCentroidShift: number,
  priceChanges: array(object({ productId: string })),
  newClusters: array(object({ key: string, members: array(string) })),
});

const riskAssessment = object({
  score: integer,
  terms: array(object({ name: string, measure: number, weight: number, points: number, available: boolean })),
  perceptionAvailable: boolean,
});

/** GET /api/catalog/insights: the current snapshot's drift, perception (null without probes), risk and recent alerts. */
export const insights = object({
  snapshotId: nullable(string),
  previousSnapshotId: nullable(string),
  computedAt: nullable(isoDate),
  drift: nullable(driftReport),
  perception: nullable(array(brandPerception)),
  risk: nullable(riskAssessment),
  alerts: nullable(array(alert)),
  nearDuplicatePairsTruncated: nullable(boolean),
});

/**
 * Which answer each schema checks, as "METHOD /route status". The page passes these same schemas to api(); the
 * OpenAPI test compares every entry with the Server's document.
 */
export const responses = {
  'POST /api/jobs 202': jobAccepted,
  'POST /api/jobs 400': problem,
  'GET /api/jobs 200': jobList,
  'GET /api/jobs/{id} 200': job,
  'GET /api/jobs/{id}/items 200': itemPage,
  'POST /api/jobs/{id}/cancel 202': job,
  'POST /api/jobs/{id}/retry 202': job,
  'GET /api/products 200': productPage,
  'GET /api/products/{id} 200': product,
  'GET /api/products/{id}/similar 200': similar,
  'GET /api/usage 200': usage,
  'POST /api/catalog/refresh 202': refreshAccepted,
  'GET /api/catalog/runs 200': nightlyRunPage,
  'GET /api/catalog/runs/{runId} 200': nightlyRun,
  'GET /api/catalog/duplicates 200': duplicates,
  'GET /api/catalog/insights 200': insights,
};
