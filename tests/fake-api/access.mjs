// What every API route checks before looking at the body: Azure's api-version (an unknown or
// missing one on the deployment route is Azure's 404) and the route's auth scheme.

import { checkAuth } from './auth.mjs';
import { azureNotFound } from './errors.mjs';

export const AZURE_API_VERSIONS = ['2024-02-01', '2024-10-21', '2025-04-01-preview', 'preview'];

/** @returns a 404/401 response, or null when the request may proceed */
export function checkRouteAccess({ route, query, headers }) {
  if (route.apiVersion === 'required' && !AZURE_API_VERSIONS.includes(query.get('api-version'))) return azureNotFound();
  return checkAuth(route.auth, headers);
}
