// LSB-first bit writer (the bit order of WebP lossless and GIF LZW).

export class BitWriter {
  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(capacity);
    this.length = 0;
    this.acc = 0;
    this.bits = 0;
  }

  /** Writes the low `count` bits of `value` (count <= 24). */
  write(value, count) {
    this.acc |= value << this.bits;
    this.bits += count;
    if (this.length + 4 > this.bytes.length) this.grow(4);
    while (this.bits >= 8) {
      this.bytes[this.length++] = this.acc & 0xff;
      this.acc >>>= 8;
      this.bits -= 8;
    }
  }

  /** Makes sure `extraBytes` more bytes fit without reallocating (lets hot loops skip checks). */
  grow(extraBytes) {
    if (this.length + extraBytes + 4 <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extraBytes + 1024));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }

  /** Pads to a whole byte and returns the written bytes. */
  finish() {
    if (this.bits > 0) this.write(0, 8 - this.bits);
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.length);
  }
}
