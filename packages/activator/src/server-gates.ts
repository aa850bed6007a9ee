import { ServerGate, type ServerGateOptions } from './server-gate.ts'

export type GateSettings = Omit<ServerGateOptions, 'name' | 'probed' | 'onClosed'>

/**
 * The open gate of each server in use: opened by its first request, gone when it closes for
 * idleness. The pods that passed a ready-check probe outlive a gate (a pod is probed once).
 */
export class ServerGates {
  private readonly gates = new Map<string, ServerGate>()
  private readonly probed = new Map<string, Set<string>>()
  private readonly settings: GateSettings

  constructor(settings: GateSettings) {
    this.settings = settings
  }

  /** The server's gate, opened if it has none (or its last one closed). */
  gateFor(name: string): ServerGate {
    const open = this.gates.get(name)
    if (open && !open.closed) return open
    const gate: ServerGate = new ServerGate({
      ...this.settings,
      name,
      probed: this.probed.get(name) ?? this.probed.set(name, new Set()).get(name)!,
      onClosed: () => {
        if (this.gates.get(name) === gate) this.gates.delete(name)
        // Nothing to remember (no probed pod left): the server's entry goes too.
        if (this.probed.get(name)?.size === 0) this.probed.delete(name)
      },
    })
    this.gates.set(name, gate)
    return gate
  }

  closeAll(): void {
    for (const gate of [...this.gates.values()]) gate.close()
  }
}
