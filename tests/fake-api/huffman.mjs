// Length-limited canonical Huffman codes, as WebP lossless (VP8L) needs them: lengths from symbol
// counts (at most maxBits, always a complete code), and codes bit-reversed for LSB-first writing.

/**
 * @param {ArrayLike<number>} counts  how often each symbol occurs
 * @param {number} maxBits            longest allowed code
 * @returns {Uint8Array} code length per symbol (0 = unused; a lone symbol gets length 1)
 */
export function huffmanLengths(counts, maxBits) {
  const lengths = new Uint8Array(counts.length);
  const used = [];
  for (let s = 0; s < counts.length; s++) if (counts[s] > 0) used.push(s);
  if (used.length === 0) return lengths;
  if (used.length === 1) { lengths[used[0]] = 1; return lengths; }
  // Too-deep trees come from very skewed counts: flatten the rare ones and rebuild (libwebp does the same).
  for (let floor = 1; ; floor *= 2) {
    const depth = buildDepths(used.map((s) => Math.max(counts[s], floor)));
    if (Math.max(...depth) <= maxBits) {
      used.forEach((s, i) => { lengths[s] = depth[i]; });
      return lengths;
    }
  }
}

// Classic two-queue Huffman construction over sorted leaf weights; returns each leaf's depth.
function buildDepths(weights) {
  const n = weights.length;
  const order = weights.map((_, i) => i).sort((a, b) => weights[a] - weights[b] || a - b);
  const parent = new Int32Array(2 * n - 1).fill(-1);
  const weight = new Float64Array(2 * n - 1);
  order.forEach((leaf, i) => { weight[i] = weights[leaf]; });
  let leafAt = 0, innerAt = n, innerEnd = n;
  const takeSmallest = () => (leafAt < n && (innerAt >= innerEnd || weight[leafAt] <= weight[innerAt]) ? leafAt++ : innerAt++);
  while (innerEnd < 2 * n - 1) {
    const a = takeSmallest(), b = takeSmallest();
    weight[innerEnd] = weight[a] + weight[b];
    parent[a] = parent[b] = innerEnd++;
  }
  const depthOf = new Int32Array(2 * n - 1);
  for (let i = 2 * n - 3; i >= 0; i--) depthOf[i] = depthOf[parent[i]] + 1;
  const depth = new Array(n);
  order.forEach((leaf, i) => { depth[leaf] = depthOf[i]; });
  return depth;
}

/** Canonical codes (deflate order) from lengths, bit-reversed so they can be written LSB first. */
export function canonicalCodes(lengths) {
  const maxLen = Math.max(0, ...lengths);
  const perLength = new Uint32Array(maxLen + 2);
  for (const len of lengths) if (len) perLength[len]++;
  const next = new Uint32Array(maxLen + 2);
  let code = 0;
  for (let len = 1; len <= maxLen; len++) {
    code = (code + perLength[len - 1]) << 1;
    next[len] = code;
  }
  const codes = new Uint32Array(lengths.length);
  for (let s = 0; s < lengths.length; s++) {
    const len = lengths[s];
    if (len) codes[s] = reverseBits(next[len]++, len);
  }
  return codes;
}

function reverseBits(value, bits) {
  let out = 0;
  for (let i = 0; i < bits; i++) { out = (out << 1) | (value & 1); value >>>= 1; }
  return out;
}
