// Preloaded (`--import`) into a process under `--cpu-prof`: the profile is written only when the
// process exits normally, and NestJS re-raises SIGTERM after closing the application (Portkey has no
// handler at all), which would kill the process without it. When this is the last listener left,
// exit normally instead.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (process.listenerCount(signal) === 1) process.exit(0);
  });
}
export {};
