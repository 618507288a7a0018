/** Reads a chosen logo file and checks it with the same rules the backend applies. */
import { inspectLogo, type LogoInfo } from '../../../../shared/domain/logo';
import type { LogoUpload } from '../../../../shared/domain/integration';

export interface ChosenLogo {
  upload: LogoUpload;
  info: LogoInfo;
  previewUrl: string;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

/** Throws the AppError of inspectLogo when the file is refused. */
export async function readLogoFile(file: File): Promise<ChosenLogo> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const info = inspectLogo(bytes);
  const base64 = toBase64(bytes);
  return {
    upload: { fileName: file.name, base64 },
    info,
    previewUrl: `data:${info.mimeType};base64,${base64}`,
  };
}
