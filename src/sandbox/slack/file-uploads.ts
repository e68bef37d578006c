import { randomBytes } from 'node:crypto';

/** A file as the stand-in holds it: reserved by files.getUploadURLExternal, filled by the upload, shared by completion. */
export interface StoredFile {
  id: string;
  filename: string;
  /** The size announced to files.getUploadURLExternal. */
  length: number;
  title?: string;
  /** The bytes posted to the upload URL, as UTF-8 text. */
  content?: string;
  /** Where files.completeUploadExternal shared it (absent: private to the uploader). */
  channel?: string;
  initialComment?: string;
  completed: boolean;
}

/**
 * Slack's external upload flow (https://api.slack.com/methods/files.getUploadURLExternal and
 * files.completeUploadExternal): reserve a file id and an upload URL for `filename` and `length`
 * bytes, POST the bytes there (raw, or as multipart form data as the Node SDK sends them), then
 * complete it once, optionally sharing it into a channel. Files never completed are never shown.
 */
export class FileUploads {
  readonly files = new Map<string, StoredFile>();
  private readonly byUploadId = new Map<string, string>();

  reserve(baseUrl: string, body: Record<string, unknown>): Record<string, unknown> {
    const filename = String(body.filename ?? '');
    const length = Number(body.length);
    if (!filename || !Number.isInteger(length) || length < 1)
      return { ok: false, error: 'invalid_arguments' };
    const id = `F${randomBytes(5).toString('hex').toUpperCase()}`;
    const uploadId = randomBytes(12).toString('hex');
    this.files.set(id, { id, filename, length, completed: false });
    this.byUploadId.set(uploadId, id);
    return { ok: true, upload_url: `${baseUrl}/upload/v1/${uploadId}`, file_id: id };
  }

  /** The POST to an upload URL: 200 with `OK - <bytes>` as Slack's upload service answers, 404 for an unknown URL. */
  async receive(
    uploadId: string,
    raw: Buffer,
    contentType: string,
  ): Promise<{ status: number; body: string }> {
    const file = this.files.get(this.byUploadId.get(uploadId) ?? '');
    if (!file || file.completed) return { status: 404, body: 'not found' };
    const bytes = contentType.startsWith('multipart/form-data') ? await firstFilePart(raw, contentType) : raw;
    if (!bytes) return { status: 400, body: 'no file' };
    file.content = bytes.toString('utf8');
    return { status: 200, body: `OK - ${bytes.length}` };
  }

  complete(
    body: Record<string, unknown>,
    resolveChannel: (channel: string) => { id: string } | { error: string },
  ): { result: Record<string, unknown>; shared?: StoredFile[] } {
    const list = typeof body.files === 'string' ? safeJson(body.files) : body.files;
    if (!Array.isArray(list) || list.length === 0)
      return { result: { ok: false, error: 'invalid_arguments' } };
    const files: StoredFile[] = [];
    for (const entry of list as Array<{ id?: unknown; title?: unknown }>) {
      const file = this.files.get(String(entry?.id ?? ''));
      // Unknown, already completed, or never uploaded (or not the announced size): nothing to finish.
      if (!file || file.completed || file.content === undefined)
        return { result: { ok: false, error: 'file_not_found' } };
      if (Buffer.byteLength(file.content) !== file.length)
        return { result: { ok: false, error: 'file_not_found' } };
      files.push(file);
      if (typeof entry.title === 'string') file.title = entry.title;
    }
    let channel: string | undefined;
    if (body.channel_id) {
      const target = resolveChannel(String(body.channel_id));
      if ('error' in target) return { result: { ok: false, error: target.error } };
      channel = target.id;
    }
    for (const file of files) {
      file.completed = true;
      if (channel) file.channel = channel;
      if (typeof body.initial_comment === 'string') file.initialComment = body.initial_comment;
    }
    return {
      result: { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? f.filename })) },
      ...(channel ? { shared: files } : {}),
    };
  }
}

async function firstFilePart(raw: Buffer, contentType: string): Promise<Buffer | undefined> {
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': contentType },
  }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  const text = [...form.values()].find((v) => typeof v === 'string');
  return text === undefined ? undefined : Buffer.from(text as string, 'utf8');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
