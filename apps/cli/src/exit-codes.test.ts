import { LifecycleError, type ErrorKind } from '@mcp-lifecycle/core'
import { CommanderError } from 'commander'
import { describe, expect, it } from 'vitest'
import { exitCodeFor } from './exit-codes.ts'

describe('exitCodeFor', () => {
  it.each<[ErrorKind, number]>([
    ['not-found', 4],
    ['timeout', 3],
    ['invalid', 2],
    ['conflict', 1],
    ['forbidden', 1],
    ['unauthorized', 1],
    ['unprocessable', 1],
    ['unavailable', 1],
    ['rate-limited', 1],
    ['internal', 1],
  ])('maps a %s error to %i', (kind, code) => {
    expect(exitCodeFor(new LifecycleError(kind, 'x'))).toBe(code)
  })

  it('maps an error that is not a LifecycleError to 1', () => {
    expect(exitCodeFor(new Error('boom'))).toBe(1)
    expect(exitCodeFor('boom')).toBe(1)
  })

  it('maps an interrupted wait (AbortError) to 130', () => {
    const controller = new AbortController()
    controller.abort()
    expect(exitCodeFor(controller.signal.reason)).toBe(130)
  })

  it.each([
    ['commander.unknownOption', 2],
    ['commander.missingArgument', 2],
    ['commander.invalidArgument', 2],
    ['commander.help', 2],
    ['commander.helpDisplayed', 0],
    ['commander.version', 0],
  ])("maps commander's %s to %i", (code, expected) => {
    expect(exitCodeFor(new CommanderError(1, code, 'x'))).toBe(expected)
  })
})
