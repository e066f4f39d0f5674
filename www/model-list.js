// The models the picker offers: what the API lists now (`client.listModels()`: GET {baseURL}/models,
// filtered to image models and merged by the library with its table, each with its status on this
// provider as of the chosen date), followed by the rows of the library's table (`models()`) the API
// did not list (shut-down models, other providers' models), marked `listed: false`. When there is
// no client or the API cannot list, the table alone. The page never keeps a model table of its own.

/**
 * @param {{client: object | null, provider: string, today?: string, models: Function}} source
 * @returns {Promise<{list: object[], listed: boolean, note: string}>} listed: the API listed models;
 *   each row then has `listed: true` (the API's) or `listed: false` (only in the library's table)
 */
export async function loadModelList({ client, provider, today, models }) {
  const asOf = today ? `as of ${today}` : "as of today";
  const tableRows = () => models(today ? { provider, today } : { provider });
  const table = (why) => ({
    list: tableRows(),
    listed: false,
    note: `${why} Showing the library's model table instead, with each status on ${provider} ${asOf}.`,
  });
  if (!client) return table("Fix the connection settings to list the API's models.");
  let list;
  try {
    list = await client.listModels();
  } catch (error) {
    return table(`GET /models failed (${error?.name ?? "Error"}: ${error?.message ?? error}).`);
  }
  if (!Array.isArray(list) || list.length === 0) return table("The API listed no image models.");
  const unknown = list.filter((m) => !m.known).length;
  const count = `${list.length} image model${list.length === 1 ? "" : "s"}`;
  const ids = new Set(list.map((m) => m.id));
  const unlisted = tableRows().filter((m) => !ids.has(m.id) && !(m.snapshots ?? []).some((s) => ids.has(s)));
  return {
    list: [...list.map((m) => ({ ...m, listed: true })), ...unlisted.map((m) => ({ ...m, listed: false }))],
    listed: true,
    note: `${count} listed by the API (GET /models), status ${asOf}` +
      (unknown > 0 ? `; ${unknown} not in the library's table` : "") +
      (unlisted.length > 0 ? `; the table's other models follow, marked “not listed”.` : "."),
  };
}
