/**
 * Errors of the provider proxy and of streamed answers (module EXE, owned by prompt-executor). Kept
 * apart from executor.errors.ts, numbered from 00040.
 */
export const PROXY_ERRORS = {
  PROXY_FORMAT_MISMATCH: { serverCode: 400, code: 'PRST-EXE-ERR-00040', message: 'Proxy Format Mismatch' },
  STREAMING_UNSUPPORTED: { serverCode: 400, code: 'PRST-EXE-ERR-00041', message: 'Streaming Unsupported' },
  // 499: the client closed the request; only ever seen in a stored task, never answered.
  REQUEST_CANCELLED: { serverCode: 499, code: 'PRST-EXE-ERR-00042', message: 'Request Cancelled' },
  STREAM_INTERRUPTED: { serverCode: 502, code: 'PRST-EXE-ERR-00043', message: 'Stream Interrupted' },
} as const;
