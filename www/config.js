// Reads the demo server's /config.json (where the offline fake API listens). The page still works
// without it, against real providers, when served by something else.

/** @returns {Promise<{fakeApiUrl: string} | null>} */
export async function loadConfig() {
  try {
    const response = await fetch("/config.json", { cache: "no-store" });
    if (!response.ok) return null;
    const config = await response.json();
    return typeof config.fakeApiUrl === "string" ? config : null;
  } catch {
    return null;
  }
}
