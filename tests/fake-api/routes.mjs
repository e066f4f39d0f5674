// The one route table of the fake API, and the session prefix /s/{session}. A new endpoint is a new
// row here plus a handler.

import { handleGenerations } from './generations.mjs';
import { handleEdits } from './edits.mjs';
import { handleVariations } from './variations.mjs';
import { handleModels } from './lifecycle.mjs';
import { SESSION_NAME } from './sessions.mjs';

/**
 * provider: error/validation dialect ("azure" refuses webp); auth: see auth.mjs;
 * modelPolicy: how `model` is resolved (validate.mjs); apiVersion: Azure's ?api-version= rule.
 */
export const ROUTES = [
  { name: 'openai.generations', method: 'POST', pattern: /^\/v1\/images\/generations$/, handler: handleGenerations, provider: 'openai', auth: 'bearer', modelPolicy: 'strict' },
  { name: 'proxy.generations', method: 'POST', pattern: /^\/proxy\/v1\/images\/generations$/, handler: handleGenerations, provider: 'openai', auth: 'none', modelPolicy: 'strict' },
  { name: 'azure.deployment.generations', method: 'POST', pattern: /^\/openai\/deployments\/(?<deployment>[^/]+)\/images\/generations$/, handler: handleGenerations, provider: 'azure', auth: 'azure', modelPolicy: 'deployment', apiVersion: 'required' },
  { name: 'azure.v1.generations', method: 'POST', pattern: /^\/openai\/v1\/images\/generations$/, handler: handleGenerations, provider: 'azure', auth: 'azure', modelPolicy: 'any', apiVersion: 'optional' },
  { name: 'openai.edits', method: 'POST', pattern: /^\/v1\/images\/edits$/, handler: handleEdits, provider: 'openai', auth: 'bearer', modelPolicy: 'strict' },
  { name: 'proxy.edits', method: 'POST', pattern: /^\/proxy\/v1\/images\/edits$/, handler: handleEdits, provider: 'openai', auth: 'none', modelPolicy: 'strict' },
  { name: 'azure.deployment.edits', method: 'POST', pattern: /^\/openai\/deployments\/(?<deployment>[^/]+)\/images\/edits$/, handler: handleEdits, provider: 'azure', auth: 'azure', modelPolicy: 'deployment', apiVersion: 'required' },
  { name: 'azure.v1.edits', method: 'POST', pattern: /^\/openai\/v1\/images\/edits$/, handler: handleEdits, provider: 'azure', auth: 'azure', modelPolicy: 'any', apiVersion: 'optional' },
  { name: 'openai.variations', method: 'POST', pattern: /^\/v1\/images\/variations$/, handler: handleVariations, provider: 'openai', auth: 'bearer', modelPolicy: 'strict' },
  { name: 'proxy.variations', method: 'POST', pattern: /^\/proxy\/v1\/images\/variations$/, handler: handleVariations, provider: 'openai', auth: 'none', modelPolicy: 'strict' },
  { name: 'openai.models', method: 'GET', pattern: /^\/v1\/models$/, handler: handleModels, provider: 'openai', auth: 'bearer' },
  { name: 'proxy.models', method: 'GET', pattern: /^\/proxy\/v1\/models$/, handler: handleModels, provider: 'openai', auth: 'none' },
  { name: 'azure.v1.models', method: 'GET', pattern: /^\/openai\/v1\/models$/, handler: handleModels, provider: 'azure', auth: 'azure', apiVersion: 'optional' },
  { name: 'files', method: 'GET', pattern: /^\/files\/(?<id>[A-Za-z0-9_-]+)\.png$/, file: true },
];

/**
 * Splits "/s/{session}/rest" into the session name and the route path.
 * @returns {{session: string, path: string} | null} null for a malformed session prefix
 */
export function splitSession(pathname) {
  if (!pathname.startsWith('/s/')) return { session: 'default', path: pathname };
  const slash = pathname.indexOf('/', 3);
  const session = slash < 0 ? pathname.slice(3) : pathname.slice(3, slash);
  if (!SESSION_NAME.test(session)) return null;
  return { session, path: slash < 0 ? '/' : pathname.slice(slash) };
}

/** @returns {{route: object, params: Record<string,string>} | null} */
export function matchRoute(method, path) {
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (m && route.method === method) {
      const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, safeDecode(v)]));
      return { route, params };
    }
  }
  return null;
}

/** Azure-looking paths get Azure's 404 body, everything else OpenAI's. */
export const isAzurePath = (path) => path.startsWith('/openai/');

function safeDecode(v) {
  try { return decodeURIComponent(v); } catch { return v; }
}
