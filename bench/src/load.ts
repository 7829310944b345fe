import autocannon from 'autocannon';

export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
  requests: number;
  /** Answers with a 2xx status. */
  ok: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Drives `connections` concurrent keep-alive connections for `seconds`. Latencies are collected
 * from every response with sub-millisecond precision (autocannon's own histogram rounds to ms).
 * Errors are connection errors, timeouts and non-2xx answers.
 */
export async function runLoad(request: LoadRequest, connections: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({
    url: request.url,
    method: request.method,
    headers: request.headers,
    body: request.body,
    connections,
    duration: seconds,
    timeout: 30,
  }, (error, result) => (error ? reject(error) : resolve(result)));
  });
  instance!.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await finished;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requestsPerSecond: result.requests.total / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
    ok: latencies.length,
  };
}
