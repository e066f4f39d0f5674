// A minimal W3C WebDriver client (the few commands the engine tests use), over Node's fetch.
// It drives geckodriver (Firefox ESR) and WebKitWebDriver (WebKitGTK's MiniBrowser) the same way:
// start the driver on a free port, open one session, navigate, run scripts, type into inputs,
// take screenshots. Written here rather than taken from npm so that nothing downloads a browser or
// a driver binary behind our back (selenium-webdriver's Selenium Manager would try).

import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { existsSync } from "node:fs";

/** A free loopback port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function which(name) {
  try {
    return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

const MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/**
 * The engines this machine can drive, each with why not when it cannot:
 * `{ name, driver, reason?, capabilities }`.
 */
export function engines() {
  const gecko = which("geckodriver");
  const firefox = which("firefox-esr") ?? which("firefox");
  const webkit = existsSync("/usr/bin/WebKitWebDriver") ? "/usr/bin/WebKitWebDriver" : null;
  return [
    {
      name: "firefox",
      driver: gecko,
      args: (port) => [`--port=${port}`, "--websocket-port=0"],
      reason: !gecko ? "geckodriver not found (cargo install geckodriver)" : !firefox ? "firefox-esr not installed" : null,
      capabilities: { browserName: "firefox", "moz:firefoxOptions": { binary: firefox, args: ["-headless"] } },
    },
    {
      name: "webkit",
      driver: webkit,
      args: (port) => [`--port=${port}`],
      reason: !webkit
        ? "WebKitWebDriver not found (Debian package webkit2gtk-driver)"
        : !process.env.DISPLAY
          ? "no X display: run under xvfb-run (WebKitGTK's MiniBrowser needs one)"
          : null,
      capabilities: {
        "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
      },
    },
  ];
}

/** A WebDriver session on a freshly started driver. `close()` ends both. */
export async function openSession(engine) {
  const port = await freePort();
  const child = spawn(engine.driver, engine.args(port), { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    try {
      const r = await fetch(`${base}/status`);
      if (r.ok) break;
    } catch {}
    if (child.exitCode !== null || Date.now() - started > 20_000) {
      child.kill();
      throw new Error(`${engine.driver} did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const call = async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      const e = json.value ?? {};
      throw new Error(`WebDriver ${method} ${path}: ${e.error ?? response.status}: ${e.message ?? ""}`);
    }
    return json.value;
  };
  let session;
  try {
    session = await call("POST", "/session", { capabilities: { alwaysMatch: engine.capabilities } });
  } catch (error) {
    child.kill();
    throw new Error(`${error.message}\n${log}`);
  }
  const id = session.sessionId;
  const s = (path) => `/session/${id}${path}`;
  return {
    browserName: session.capabilities?.browserName,
    browserVersion: session.capabilities?.browserVersion,
    goto: (url) => call("POST", s("/url"), { url }),
    setWindowRect: (rect) => call("POST", s("/window/rect"), rect),
    /** Runs an async function body (`args` are its arguments) and returns what it resolves to. */
    run: (body, ...args) =>
      call("POST", s("/execute/async"), {
        script: `const done = arguments[arguments.length - 1];
                 (async (...args) => { ${body} })(...Array.prototype.slice.call(arguments, 0, -1))
                   .then((value) => done({ ok: true, value }), (e) => done({ ok: false, error: String(e && e.stack || e) }));`,
        args,
      }).then((r) => {
        if (!r || !r.ok) throw new Error(`script failed: ${r?.error}`);
        return r.value;
      }),
    setScriptTimeout: (ms) => call("POST", s("/timeouts"), { script: ms }),
    find: async (css) => {
      const el = await call("POST", s("/element"), { using: "css selector", value: css });
      return Object.values(el)[0];
    },
    sendKeys: (element, text) => call("POST", s(`/element/${element}/value`), { text }),
    click: (element) => call("POST", s(`/element/${element}/click`), {}),
    /** A PNG of the viewport, as a Buffer. */
    screenshot: async () => Buffer.from(await call("GET", s("/screenshot")), "base64"),
    close: async () => {
      try {
        await call("DELETE", s(""));
      } finally {
        child.kill();
      }
    },
  };
}
