// The Node peer's shared part (bench/coldstart.sh): what every one of Loupe's authenticated handlers does before its
// own calls, written as a Node 20 + AWS SDK v3 Lambda function would: the clients built once at module load from the
// environment Lambda gives (region, credentials, and here the emulators' endpoints), the payload v2 event parsed, the
// HS256 token verified with the project's secret (one GetItem of the project by the token's jti), the project's rate
// counted (one UpdateItem), and a JSON answer.
import { readFileSync } from 'node:fs';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const env = process.env;
export const clientConfig = (endpoint) => ({
  region: env.AWS_REGION,
  credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
                 sessionToken: env.AWS_SESSION_TOKEN || undefined },
  ...(endpoint ? { endpoint } : {}),
});
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(env.AWS_ENDPOINT_URL_DYNAMODB)));

class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}
export const fail = (status, code, message) => { throw new ApiError(status, code, message); };

const b64url = (s) => Buffer.from(s, 'base64url');

/** The caller's project, from a verified Bearer token (as Loupe's TokenVerifier, without the session and cache paths). */
export async function verify(event) {
  const header = event.headers?.authorization ?? '';
  const token = header.replace(/^Bearer\s+/i, '').trim();
  const parts = token.split('.');
  if (parts.length !== 3) fail(401, 'malformed_token', 'The bearer token is not a JWT');
  const head = JSON.parse(b64url(parts[0]));
  if (head.alg !== 'HS256') fail(401, 'unsupported_token', 'HS256 only');
  const claims = JSON.parse(b64url(parts[1]));
  if (!claims.jti) fail(401, 'malformed_token', 'no jti');
  const { Item: project } = await dynamo.send(new GetCommand({
    TableName: env.PROJECTS_TABLE, Key: { public_key: claims.jti } }));
  if (!project?.project_id) fail(401, 'unknown_key', 'No project has this public key');
  const expected = createHmac('sha256', Buffer.from(project.secret_key, 'utf8'))
    .update(`${parts[0]}.${parts[1]}`).digest();
  const actual = b64url(parts[2]);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    fail(401, 'invalid_signature', 'The signature does not match');
  }
  const now = Date.now() / 1000;
  if (claims.exp !== undefined && claims.exp + 60 < now) fail(401, 'token_expired', 'expired');
  if (claims.nbf !== undefined && claims.nbf - 60 > now) fail(401, 'token_not_yet_valid', 'not yet valid');
  return { project, claims };
}

/** ProjectGate: the project's requests in this window, counted in one conditional UpdateItem. */
export async function countRequest(project) {
  const window = Number(env.TASK_RATE_WINDOW_SECONDS);
  const start = Math.floor(Date.now() / 1000 / window) * window;
  try {
    await dynamo.send(new UpdateCommand({
      TableName: env.RATE_LIMITS_TABLE, Key: { pk: `P#${project.project_id}#W#${start}` }, ReturnValues: 'UPDATED_NEW',
      UpdateExpression: 'SET requests = if_not_exists(requests, :zero) + :one, expires_at = if_not_exists(expires_at, :expires)',
      ConditionExpression: 'attribute_not_exists(requests) OR requests < :limit',
      ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':expires': start + 2 * window,
                                   ':limit': Number(env.TASK_RATE_LIMIT) } }));
  } catch (e) {
    if (e.name === 'ConditionalCheckFailedException') fail(429, 'rate_limited', 'Too many requests');
    throw e;
  }
}

/** A random id as Loupe's: 26 characters of base 36. */
export const newId = () => Array.from(randomBytes(26), (b) => (b % 36).toString(36)).join('');

/** Runs a handler as the Node Lambda runtime would, on the event file named on the command line; prints the status. */
export async function invoke(handler) {
  const event = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  let response;
  try {
    response = await handler(event);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    response = { statusCode: e.status, headers: { 'content-type': 'application/json' },
                 body: JSON.stringify({ error: { code: e.code, message: e.message } }) };
  }
  const out = JSON.stringify(response);
  const expected = Number(env.BENCH_STATUS);
  if (response.statusCode !== expected) {
    console.error(`unexpected answer: ${out}`);
    process.exit(1);
  }
  console.log(response.statusCode);
}

export const ok = (status, body) => ({ statusCode: status, headers: { 'content-type': 'application/json' },
                                        body: JSON.stringify(body) });
