// JPEG encoding through jpeg-js (pure JS baseline encoder), plus the optional C2PA APP11 segment.

import jpegJs from 'jpeg-js';
import { insertJpegC2pa } from './c2pa.mjs';

/**
 * @param {Uint8Array} rgba
 * @param {{width:number, height:number, quality:number, c2pa:boolean}} opts quality 0-100
 */
export function encodeJpeg(rgba, { width, height, quality, c2pa }) {
  const { data } = jpegJs.encode({ data: rgba, width, height }, Math.min(100, Math.max(1, quality)));
  return c2pa ? insertJpegC2pa(data) : data;
}
