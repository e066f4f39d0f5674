// Model lifecycle by date: which models a provider still serves "today", the answers for the ones it
// no longer serves, and the GET /models list. Dates are ISO days (YYYY-MM-DD, compared as strings).
//
// "Today" is, first match wins: the session's pinned date (POST /__control/sessions/{s}/today), the
// server's (startFakeApi({today}) or env FAKE_API_TODAY), else the server's UTC date at the request.
//
// OpenAI-style routes (openai.*, proxy.*; also the CometAPI-style ones) answer a model shut down on
// OpenAI with the real 404 model_not_found body. Azure routes answer a deployment whose model is past
// its Azure retirement date with 410 Gone and this body (Azure's gateway style, {code, message}):
//   {"error":{"code":"ModelDeprecated","message":"The model 'gpt-image-1' for deployment 'X' was
//    retired on 2026-10-23 and is no longer available."}}

import { MODELS } from './models.mjs';
import { openaiError, azureError } from './errors.mjs';
import { jsonResponse } from './responses.mjs';
import { checkRouteAccess } from './access.mjs';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** @returns {boolean} whether `s` is a real calendar day written YYYY-MM-DD */
export function isIsoDay(s) {
  const m = typeof s === 'string' ? ISO_DAY.exec(s) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

export const utcToday = () => new Date().toISOString().slice(0, 10);

/** The server-wide pinned day: the option, else FAKE_API_TODAY; throws on a malformed one. */
export function serverToday(option = process.env.FAKE_API_TODAY || undefined) {
  if (option === undefined || option === null) return null;
  if (!isIsoDay(option)) throw new Error(`today must be a date written YYYY-MM-DD (got ${JSON.stringify(option)})`);
  return option;
}

/** The model's shutdown day on a provider ('openai' | 'azure'), or null when none is known. */
export const shutdownDay = (model, provider) => MODELS[model]?.shutdown?.[provider] ?? null;

/** Whether the provider has stopped serving the model on `today`. */
export function isShutDown(model, provider, today) {
  const day = shutdownDay(model, provider);
  return day !== null && day <= today;
}

/** OpenAI's answer to a model it does not serve (unknown, retired or not available to the key). */
export function modelNotFound(model) {
  return openaiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, { code: 'model_not_found' });
}

/** Azure's 410 for a deployment of a retired model. */
export function azureModelRetired(model, deployment, day) {
  return azureError(410, 'ModelDeprecated', `The model '${model}' for deployment '${deployment}' was retired on ${day} and is no longer available.`);
}

/**
 * @param {{model: string, provider: 'openai'|'azure', today: string, deployment?: string}} request
 * @returns a 404/410 response when the provider no longer serves the model, else null
 */
export function checkShutdown({ model, provider, today, deployment }) {
  if (!isShutDown(model, provider, today)) return null;
  return provider === 'azure' ? azureModelRetired(model, deployment ?? model, shutdownDay(model, provider)) : modelNotFound(model);
}

// Non-image models every list carries, so clients must filter by what a model is (dates: releases).
const OTHER_MODELS = [
  { id: 'gpt-5', created: '2025-08-07' },
  { id: 'gpt-4o-mini', created: '2024-07-18' },
  { id: 'whisper-1', created: '2023-02-27' },
  { id: 'text-embedding-3-small', created: '2024-01-25' },
  { id: 'tts-1', created: '2023-11-06' },
];

const unixDay = (day) => Math.floor(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 1000);

/**
 * GET /models body for a provider on `today`: image models it still serves (with `shutdown_date`
 * when a shutdown is known and still ahead) and a few non-image ones.
 * @returns {{object: 'list', data: object[]}}
 */
export function modelList(provider, today) {
  const data = [];
  for (const [id, spec] of Object.entries(MODELS)) {
    if (provider === 'azure' && !spec.azure) continue;
    if (isShutDown(id, provider, today)) continue;
    const row = { id, object: 'model', created: unixDay(spec.released), owned_by: spec.ownedBy ?? 'system' };
    const day = shutdownDay(id, provider);
    if (day !== null) row.shutdown_date = day;
    data.push(row);
  }
  for (const { id, created } of OTHER_MODELS) data.push({ id, object: 'model', created: unixDay(created), owned_by: 'system' });
  return { object: 'list', data };
}

/** Rows a script step supplies ({"fault":"ok","models":[...]}) completed with the usual fields. */
export function scriptedList(rows) {
  return {
    object: 'list',
    data: rows.map((row) => (typeof row === 'string' ? { id: row } : row)).map((row) => ({ object: 'model', created: 1_700_000_000, owned_by: 'system', ...row })),
  };
}

/** GET .../models: auth (and Azure api-version rules) as the route says, then the list. */
export function handleModels(ctx) {
  const denied = checkRouteAccess(ctx);
  if (denied) return denied;
  if (ctx.options.models) return jsonResponse(200, scriptedList(ctx.options.models));
  return jsonResponse(200, modelList(ctx.route.provider, ctx.today));
}
