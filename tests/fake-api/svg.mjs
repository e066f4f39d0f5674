// SVG results (output_format "svg"): the fake's usual scene (sky gradient, sun, two hills) written as
// SVG text, so clients can show it or parse it. The root carries xmlns, width, height and a viewBox
// of the requested size; the shapes are real elements (linearGradient, rect, circle, path).

const PALETTES = [
  ['#203a8c', '#ec9270', '#ffe28c', '#466078', '#225440'],
  ['#121840', '#7848a0', '#faf0dc', '#34285c', '#181e3c'],
  ['#5aaae6', '#c8ebfa', '#fffad2', '#5a9650', '#326e32'],
  ['#fa783c', '#ffd278', '#ffffe6', '#aa503c', '#6e3228'],
];

const fmt = (v) => String(Math.round(v * 10) / 10);

// A hill outline as a closed path: a sine wave across the width, down to the bottom corners.
function hill(width, height, base, amplitude, waves, phase) {
  const steps = 24;
  const points = [];
  for (let i = 0; i <= steps; i++) {
    const x = (width * i) / steps;
    points.push(`${fmt(x)},${fmt(height * (base + amplitude * Math.sin((i / steps) * Math.PI * waves + phase)))}`);
  }
  return `M0,${height} L${points.join(' L')} L${width},${height} Z`;
}

/**
 * @param {{width: number, height: number, index?: number, title?: string}} spec
 * @returns {string} a standalone SVG document
 */
export function renderSvg({ width, height, index = 0, title = 'Generated image' }) {
  const [skyTop, skyBottom, sun, farHill, nearHill] = PALETTES[index % PALETTES.length];
  const id = `sky${index}`;
  const r = Math.min(width, height) * 0.16;
  const escaped = title.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `  <title>${escaped}</title>`,
    `  <defs><linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${skyTop}"/><stop offset="1" stop-color="${skyBottom}"/></linearGradient></defs>`,
    `  <rect x="0" y="0" width="${width}" height="${height}" fill="url(#${id})"/>`,
    `  <circle cx="${fmt(width * 0.68)}" cy="${fmt(height * 0.4)}" r="${fmt(r)}" fill="${sun}"/>`,
    `  <path d="${hill(width, height, 0.62, 0.07, 2.2, index * 1.3)}" fill="${farHill}"/>`,
    `  <path d="${hill(width, height, 0.76, 0.05, 3.1, 2 + index * 0.7)}" fill="${nearHill}"/>`,
    '</svg>',
    '',
  ].join('\n');
}
