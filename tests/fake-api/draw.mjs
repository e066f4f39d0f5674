// Paints the picture every fake image shows: a sky gradient, a sun and two hills, in a palette
// picked by the image index, so several images in one response look different but recognisable.
// Output is always RGBA (4 bytes per pixel); the encoders drop alpha when they do not need it.

const PALETTES = [
  // [sky top, sky bottom, sun, far hill, near hill]
  [[32, 58, 140], [236, 146, 112], [255, 226, 140], [70, 96, 120], [34, 84, 64]],
  [[18, 24, 64], [120, 72, 160], [250, 240, 220], [52, 40, 92], [24, 30, 60]],
  [[90, 170, 230], [200, 235, 250], [255, 250, 210], [90, 150, 80], [50, 110, 50]],
  [[250, 120, 60], [255, 210, 120], [255, 255, 230], [170, 80, 60], [110, 50, 40]],
];

/**
 * @param {number} width
 * @param {number} height
 * @param {{index?: number, transparent?: boolean, block?: number, frame?: number, frames?: number}} opts
 *   block > 1 pixelates (used for partial "preview" images); frame/frames move the sun (GIF).
 * @returns {Uint8Array} RGBA pixels, row-major
 */
export function drawScene(width, height, { index = 0, transparent = false, block = 1, frame = 0, frames = 1 } = {}) {
  const [skyTop, skyBottom, sun, farHill, nearHill] = PALETTES[((index % PALETTES.length) + PALETTES.length) % PALETTES.length];
  const out = new Uint8Array(width * height * 4);
  const minSide = Math.min(width, height);
  const phase = frames > 1 ? frame / frames : 0;
  const sunX = width * (0.3 + 0.4 * (frames > 1 ? phase : 0.95));
  const sunY = height * (0.42 - 0.12 * Math.sin(Math.PI * (frames > 1 ? phase : 0.95)));
  const sunR = minSide * 0.16;
  // Hill outlines depend only on the column: precompute them once per image.
  const farTop = new Float64Array(width);
  const nearTop = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const sx = snap(x, block) / width;
    farTop[x] = height * (0.62 + 0.07 * Math.sin(sx * Math.PI * 2.2 + index * 1.3));
    nearTop[x] = height * (0.76 + 0.05 * Math.sin(sx * Math.PI * 3.1 + 2 + index * 0.7));
  }
  for (let y = 0; y < height; y++) {
    const sy = snap(y, block);
    const t = sy / Math.max(1, height - 1);
    const skyR = lerp(skyTop[0], skyBottom[0], t), skyG = lerp(skyTop[1], skyBottom[1], t), skyB = lerp(skyTop[2], skyBottom[2], t);
    const dy = sy - sunY;
    let o = y * width * 4;
    for (let x = 0; x < width; x++, o += 4) {
      const sx = snap(x, block);
      let r, g, b, a;
      if (sy >= nearTop[sx]) {
        const shade = 1 - 0.35 * ((sy - nearTop[sx]) / height);
        r = nearHill[0] * shade; g = nearHill[1] * shade; b = nearHill[2] * shade; a = 255;
      } else if (sy >= farTop[sx]) {
        r = farHill[0]; g = farHill[1]; b = farHill[2]; a = 255;
      } else {
        const dx = sx - sunX;
        // 1.5 px soft edge so the sun is anti-aliased (and a transparent image has partial alpha).
        const cover = clamp01((sunR - Math.sqrt(dx * dx + dy * dy)) / 1.5 + 0.5);
        if (transparent) {
          r = sun[0]; g = sun[1]; b = sun[2]; a = 255 * cover;
        } else {
          r = lerp(skyR, sun[0], cover); g = lerp(skyG, sun[1], cover); b = lerp(skyB, sun[2], cover); a = 255;
        }
      }
      out[o] = r; out[o + 1] = g; out[o + 2] = b; out[o + 3] = a; // Uint8Array assignment truncates
    }
  }
  return out;
}

function snap(v, block) { return block > 1 ? v - (v % block) : v; }
function lerp(a, b, t) { return a + (b - a) * t; }
function clamp01(v) { return v < 0 ? 0 : v > 1 ? 1 : v; }
