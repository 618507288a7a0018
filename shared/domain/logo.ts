/**
 * Logo validation (PRODUCT.md §1): PNG, JPEG or SVG, at most 512×512 px and 1 MB.
 * Reads the image dimensions from the file's own header, so the same check runs in the
 * renderer (for an immediate message) and in the backend (the one that counts).
 */
import { AppError } from '../api/appError';
import type { LogoMimeType } from './integration';

export const logoLimits = { maxBytes: 1024 * 1024, maxWidth: 512, maxHeight: 512 } as const;

export interface LogoInfo {
  mimeType: LogoMimeType;
  width: number;
  height: number;
}

const refuse = (message: string): never => {
  throw new AppError('invalid_logo', message, 'logo');
};

/** Checks a logo's bytes and returns its type and size; throws a readable AppError otherwise. */
export function inspectLogo(bytes: Uint8Array): LogoInfo {
  if (bytes.length === 0) refuse('The logo file is empty.');
  if (bytes.length > logoLimits.maxBytes) {
    refuse(`The logo is ${formatSize(bytes.length)}; logos may be at most 1 MB.`);
  }
  const info = readPng(bytes) ?? readJpeg(bytes) ?? readSvg(bytes);
  if (info === null) {
    return refuse('The logo must be a PNG, JPEG or SVG image.');
  }
  if (info.width > logoLimits.maxWidth || info.height > logoLimits.maxHeight) {
    refuse(
      `The logo is ${info.width}×${info.height} px; logos may be at most ` +
        `${logoLimits.maxWidth}×${logoLimits.maxHeight} px.`,
    );
  }
  if (info.width < 1 || info.height < 1) refuse('The logo has no width or height.');
  return info;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] ?? 0) * 0x1000000 +
      (((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0))) >>>
    0
  );
}

function readUint16(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
}

function readPng(bytes: Uint8Array): LogoInfo | null {
  if (!pngSignature.every((value, index) => bytes[index] === value)) return null;
  // The IHDR chunk comes first: length(4) "IHDR"(4) width(4) height(4).
  const isIhdr = String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR';
  if (bytes.length < 24 || !isIhdr) return refuse('The PNG file is damaged (no image header).');
  return { mimeType: 'image/png', width: readUint32(bytes, 16), height: readUint32(bytes, 20) };
}

/**
 * Walks the JPEG segments to the first start-of-frame marker:
 * 1. a JPEG starts with FF D8;
 * 2. each segment is FF <marker> <length:2> <payload>;
 * 3. SOF0–SOF15 (except C4 DHT, C8 JPG, CC DAC) hold precision(1) height(2) width(2).
 */
function readJpeg(bytes: Uint8Array): LogoInfo | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return refuse('The JPEG file is damaged.');
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const isStartOfFrame =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) {
      return {
        mimeType: 'image/jpeg',
        height: readUint16(bytes, offset + 5),
        width: readUint16(bytes, offset + 7),
      };
    }
    offset += 2 + readUint16(bytes, offset + 2);
  }
  return refuse('The JPEG file is damaged (no frame header).');
}

function readSvg(bytes: Uint8Array): LogoInfo | null {
  const text = asciiText(bytes.subarray(0, 64 * 1024));
  const open = /<svg\b[^>]*>/i.exec(text);
  if (open === null) return null;
  const full = asciiText(bytes);
  if (/<script\b|<foreignObject\b|\son[a-z]+\s*=|javascript:/i.test(full)) {
    refuse('SVG logos may not contain scripts, event handlers or embedded HTML.');
  }
  // Entities declared in a DOCTYPE can expand a few bytes into gigabytes ("billion laughs") or
  // pull in local files (XXE) in whatever parses the logo next; a logo never needs them.
  if (/<!DOCTYPE\b|<!ENTITY\b/i.test(full)) {
    refuse('SVG logos may not contain a DOCTYPE or entity declarations (<!DOCTYPE, <!ENTITY); remove them.');
  }
  const tag = open[0];
  const width = svgLength(attribute(tag, 'width'));
  const height = svgLength(attribute(tag, 'height'));
  if (width !== null && height !== null) return { mimeType: 'image/svg+xml', width, height };
  const viewBox = attribute(tag, 'viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (viewBox?.length === 4 && viewBox.every(Number.isFinite)) {
    const [, , boxWidth = 0, boxHeight = 0] = viewBox;
    return {
      mimeType: 'image/svg+xml',
      width: Math.ceil(width ?? boxWidth),
      height: Math.ceil(height ?? boxHeight),
    };
  }
  return refuse('The SVG logo needs width and height attributes or a viewBox.');
}

/** Byte-per-character text: enough to find SVG's ASCII markup, and needs no DOM or Node API. */
function asciiText(bytes: Uint8Array): string {
  let text = '';
  for (let offset = 0; offset < bytes.length; offset += 8192) {
    text += String.fromCharCode(...bytes.subarray(offset, offset + 8192));
  }
  return text;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return match === null ? undefined : (match[1] ?? match[2]);
}

/** Pixel lengths only ("64", "64px"); relative units say nothing about size. */
function svgLength(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = /^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$/.exec(value);
  return match === null ? null : Math.ceil(Number(match[1]));
}
