import { StreamableFile } from '@nestjs/common';
import type { ExportFile } from '../export/files.js';

/** An export as the HTTP answer: its media type, and a download under its own file name. */
export function download(file: ExportFile): StreamableFile {
  return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.filename}"` });
}
