/** A publish refused for a reason the author can fix; carries the HTTP status to answer with. */
export class PublishError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 503,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "PublishError";
  }
}

/** The largest article body (Markdown or seed text) accepted, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;
