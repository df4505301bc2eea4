import { PassThrough, type Readable } from 'node:stream';
import busboy from 'busboy';
import { invalidInput } from '../errors';

export interface UploadedFile {
  name: string;
  stream: Readable;
}

/**
 * The files of a multipart/form-data body, one after the other, each streamed as it arrives: a file
 * must be read to its end before the next one is handed out (busboy waits for it), so memory stays
 * bounded whatever the sizes. Form fields are ignored; options travel in the query string.
 */
export async function* multipartFiles(contentType: string, body: Readable): AsyncGenerator<UploadedFile> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { 'content-type': contentType } });
  } catch (error) {
    throw invalidInput(`the multipart body cannot be read: ${(error as Error).message}`);
  }
  const queue: UploadedFile[] = [];
  let finished = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  parser.on('file', (field, stream, info) => {
    queue.push({ name: info.filename || field, stream });
    signal();
  });
  // Each file reaches the consumer through a stream of its own: a consumer that stops early (a file over the
  // size limit) destroys that one, and busboy's, still whole, can then be drained to go on to the next part.
  const handOut = (file: UploadedFile) => {
    const own = new PassThrough();
    file.stream.pipe(own);
    return { name: file.name, stream: own, source: file.stream };
  };
  parser.on('close', () => {
    finished = true;
    signal();
  });
  parser.on('error', (error) => {
    failure = invalidInput(`the multipart body is malformed: ${(error as Error).message}`);
    signal();
  });
  let current: Readable | null = null;
  body.on('error', (error) => {
    failure = error;
    // The file being read ends with the body's error (a client gone) rather than waiting for bytes that never come.
    current?.destroy(error);
    signal();
  });
  body.pipe(parser);
  for (;;) {
    if (failure) throw failure;
    const queued = queue.shift();
    if (queued) {
      const next = handOut(queued);
      current = next.stream;
      yield { name: next.name, stream: next.stream };
      // Whatever the consumer left unread is drained so the parser can go on to the next part.
      next.source.unpipe(next.stream);
      next.source.resume();
      continue;
    }
    if (finished) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}
