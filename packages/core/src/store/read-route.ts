import { AsyncLocalStorage } from "node:async_hooks"
import { Context } from "effect"

/**
 * Whether the reads of an effect may go to the store's read replica (`DatabaseConfig.readUrl`): a read
 * that may lag (dashboard figures, lists, exports) the caller has checked against the person's own last
 * write (read-your-writes by journal position, see `Database.replicaHead`). Default false: the primary.
 * A write's transaction always runs on the primary, and so does every read inside it.
 */
export const ReplicaReads = Context.Reference<boolean>("@kejin/core/ReplicaReads", {
  defaultValue: () => false
})

const asked = new AsyncLocalStorage<boolean>()

/**
 * Runs `body` so that every effect the Promise API (`openKejin`) runs from it, however deep in its
 * awaits, reads from the replica: for a server's request handler, once the replica's journal head has
 * reached the seq of the person's last write. Without a replica it changes nothing.
 */
export const withReplicaReads = <A>(body: () => A): A => asked.run(true, body)

/** Whether the caller is inside {@link withReplicaReads} (read where the Promise API starts an effect). */
export const replicaReadsAsked = (): boolean => asked.getStore() === true
