// Loads the app, and says so plainly when that fails (most often: the package in /pkg/ is not built,
// or the browser cannot run WebAssembly), instead of leaving a page that silently does nothing.
const status = document.getElementById("load-status");

import("./app.js").catch((error) => {
  status.classList.add("failed");
  status.textContent = `The demo could not start: ${error?.message ?? error}. ` +
    "If /pkg/ is missing, build the package first (bash scripts/build.sh) and reload.";
});
