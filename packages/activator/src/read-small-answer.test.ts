import { PassThrough, type Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readSmallAnswer } from './read-small-answer.ts'

async function text(stream: Readable): Promise<string> {
  let all = ''
  for await (const chunk of stream) all += String(chunk)
  return all
}

describe('readSmallAnswer', () => {
  it('gives the bytes of an answer that ends within the bound', async () => {
    const body = new PassThrough()
    const answer = readSmallAnswer(body, 4)
    body.write('ab')
    body.end('cd')
    expect(Buffer.from((await answer) as Uint8Array).toString()).toBe('abcd')
  })

  it('streams a longer answer: what was read, then the rest as it comes', async () => {
    const body = new PassThrough()
    const answer = readSmallAnswer(body, 4)
    body.write('abc')
    body.write('def')
    const stream = (await answer) as Readable
    expect(stream).not.toBeInstanceOf(Uint8Array)
    const all = text(stream)
    body.write('gh')
    body.end('ij')
    expect(await all).toBe('abcdefghij')
  })

  it('fails with the error of a body that fails before its end', async () => {
    const body = new PassThrough()
    const answer = readSmallAnswer(body)
    body.write('ab')
    body.destroy(new Error('the pod went away'))
    await expect(answer).rejects.toThrow('the pod went away')
  })

  it('fails for a body closed before it is read', async () => {
    const body = new PassThrough()
    body.write('ab')
    body.destroy()
    await new Promise((resolve) => body.once('close', resolve))
    await expect(readSmallAnswer(body)).rejects.toThrow('closed before its end')
  })

  it('fails when the body closes before its end', async () => {
    const body = new PassThrough()
    const answer = readSmallAnswer(body)
    body.write('ab')
    body.destroy()
    await expect(answer).rejects.toThrow('closed before its end')
  })
})
