// Small text formatters shared by the views.

const BYTE_UNITS = ["bytes", "KB", "MB", "GB"];

/** 1234567 → "1.2 MB" (decimal units, like file managers show). */
export function formatBytes(bytes) {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

/** 1534 → "1.5 s". */
export function formatSeconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** 32000 → "32,000". */
export function formatCount(n) {
  return n.toLocaleString("en-US");
}

/** Dollars; two significant digits below ten cents, so small prices do not round to $0.00. */
export function formatUsd(usd) {
  return usd >= 0.1 ? `$${usd.toFixed(2)}` : `$${Number(usd.toPrecision(2))}`;
}

/** "image/webp" → "webp", for download file names. */
export function extensionFor(mimeType) {
  const ext = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif", "image/svg+xml": "svg" }[mimeType];
  return ext ?? "bin";
}
