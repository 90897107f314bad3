import type { Effect } from "effect"
import type { Actor } from "../auth/actor.js"
import { type AnyOperation, execute, type Module } from "./operation.js"

/** The options every derived facade method takes last: who acts, and a write's idempotency key. */
export interface FacadeOptions {
  readonly actor?: Actor
  readonly idempotencyKey?: string | undefined
}

/** The arguments of an operation's facade method: its positional ones, else the input alone. */
type ArgsOf<Op> = Op extends { readonly positional: (...args: infer Args) => unknown }
  ? Args
  : [input: unknown]

/** What an operation's facade method resolves to: its `result` of the output, else the output. */
type ResultOf<Op, A> = Op extends { readonly result: (output: never) => infer R } ? R : A

/**
 * One operation as a facade method: its positional arguments (or the input), then the options; or the
 * method its `facade` makes.
 */
export type FacadeMethod<Op> = Op extends { readonly facade: (...args: never) => infer F }
  ? F
  : Op extends { readonly toJson: (output: infer A) => unknown }
    ? ((...args: ArgsOf<Op>) => Promise<ResultOf<Op, A>>) &
        ((...args: [...ArgsOf<Op>, FacadeOptions]) => Promise<ResultOf<Op, A>>)
    : never

type Nest<Path extends string, V> = Path extends `${infer Head}.${infer Tail}`
  ? { readonly [K in Head]: Nest<Tail, V> }
  : { readonly [K in Path]: V }

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never

/** The facade of a list of modules: `pledges.loans.repay` becomes `facade.pledges.loans.repay(…)`. */
export type FacadeOf<Modules extends ReadonlyArray<Module>> = UnionToIntersection<
  Modules[number]["operations"][number] extends infer Op
    ? Op extends AnyOperation
      ? Nest<Op["name"], FacadeMethod<Op>>
      : never
    : never
>

/** How the facade runs an operation's effect (the instance's runtime, errors thrown as they are). */
export type Runner<R> = <A>(effect: Effect.Effect<A, unknown, R>) => Promise<A>

/**
 * The Promise facade of `modules`, derived from their declarations: each operation is a method at the
 * place its name says, taking its positional arguments (or its input) and then `{ actor, idempotencyKey }`,
 * resolving to its output (or what its `result` makes of it); an operation with a `facade` is the method
 * that makes.
 * Two operations of one name fail here, at start-up.
 */
export const deriveFacade = <const Modules extends ReadonlyArray<Module>, R>(
  modules: Modules,
  run: Runner<R>,
  defaultActor: () => Actor
): FacadeOf<Modules> => {
  const root: Record<string, unknown> = {}
  for (const module of modules) {
    for (const op of module.operations) {
      const path = op.name.split(".")
      const method = path.pop() as string
      let node = root
      for (const segment of path) {
        if (node[segment] === undefined) node[segment] = {}
        node = node[segment] as Record<string, unknown>
      }
      if (method in node) throw new Error(`two operations are named ${op.name}`)
      if (op.facade !== undefined) {
        const invoke = (input: unknown, options?: FacadeOptions) =>
          run(
            execute(op, input, {
              actor: options?.actor ?? defaultActor(),
              idempotencyKey: options?.idempotencyKey
            }) as Effect.Effect<unknown, unknown, R>
          )
        node[method] = op.facade(invoke, run)
        continue
      }
      const arity = op.positional?.length ?? 1
      node[method] = (...args: ReadonlyArray<unknown>) => {
        const options = (args.length > arity ? args[arity] : undefined) as FacadeOptions | undefined
        const input = op.positional ? op.positional(...args.slice(0, arity)) : args[0]
        const carried = op.positionalOptions?.(...args.slice(0, arity))
        const output = run(
          execute(op, input, {
            actor: options?.actor ?? carried?.actor ?? defaultActor(),
            idempotencyKey: options?.idempotencyKey
          }) as Effect.Effect<unknown, unknown, R>
        )
        return op.result === undefined ? output : output.then(op.result)
      }
    }
  }
  return root as FacadeOf<Modules>
}

/** Deep-merges the derived facade into the hand-written one (derived methods win; clashes fail). */
export const mergeFacades = <A extends object, B extends object>(written: A, derived: B): A & B => {
  const merge = (
    a: Record<string, unknown>,
    b: Record<string, unknown>,
    at: string
  ): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...a }
    for (const [key, value] of Object.entries(b)) {
      const existing = out[key]
      if (existing === undefined) out[key] = value
      else if (
        typeof existing === "object" &&
        existing !== null &&
        typeof value === "object" &&
        value !== null
      )
        out[key] = merge(
          existing as Record<string, unknown>,
          value as Record<string, unknown>,
          `${at}${key}.`
        )
      else throw new Error(`${at}${key} is both written by hand and derived from a declaration`)
    }
    return out
  }
  return merge(written as Record<string, unknown>, derived as Record<string, unknown>, "") as A & B
}
