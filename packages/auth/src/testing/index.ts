export { writeTempJson } from './write-temp-json.ts'
