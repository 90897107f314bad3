export * from "./accounts.js"
export * from "./actor.js"
export { hashPassword, randomSecret, verifyPassword } from "./password.js"
