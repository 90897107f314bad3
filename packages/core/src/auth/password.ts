import { randomBytes, scrypt, timingSafeEqual } from "node:crypto"

/**
 * Password hashing with scrypt from node:crypto. The parameters travel with each hash
 * (`scrypt$N$r$p$salt$hash`), so they can be raised later without breaking stored hashes.
 */
const N = 2 ** 15
const r = 8
const p = 1
const keyLength = 32

const derive = (password: string, salt: Buffer, n: number, rr: number, pp: number) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password.normalize("NFKC"),
      salt,
      keyLength,
      { N: n, r: rr, p: pp, maxmem: 256 * n * rr },
      (error, key) => (error ? reject(error) : resolve(key))
    )
  )

export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16)
  const key = await derive(password, salt, N, r, p)
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64url")}$${key.toString("base64url")}`
}

export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const [scheme, n, rr, pp, salt, hash] = stored.split("$")
  if (scheme !== "scrypt" || !n || !rr || !pp || !salt || !hash) return false
  const expected = Buffer.from(hash, "base64url")
  const key = await derive(password, Buffer.from(salt, "base64url"), Number(n), Number(rr), Number(pp))
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A random secret for sessions, CSRF tokens and bearer tokens (256 bits, URL-safe). */
export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString("base64url")
