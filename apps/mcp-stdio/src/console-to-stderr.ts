// Imported first by the stdio entry: on that transport stdout carries only protocol messages,
// so any console output, from our code or a dependency's, must go to stderr.
for (const method of ['log', 'info', 'debug', 'warn'] as const) {
  console[method] = (...args: unknown[]) => console.error(...args)
}
