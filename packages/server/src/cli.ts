#!/usr/bin/env node
import { parseArgs } from "node:util"
import { serve } from "@hono/node-server"
import { defaultDatabaseUrl, openKejin, redactDatabaseUrl } from "@kejin/core"
import { createApp } from "./app.js"
import { seedDemo } from "./demo.js"

const help = `kejin — 科金 sci-tech finance for Wenzhou

Usage: kejin <command> [options]

Commands:
  serve [--port 8787] [--host 127.0.0.1]   start the dashboard and JSON API
  migrate                                 apply pending database migrations
  demo                                    seed synthetic Wenzhou demo data (skipped if data exists)
  audit verify                            recompute the journal's hash chain

Options:
  --database URL   sqlite:./data/kejin.db (default, or $KEJIN_DATABASE), sqlite::memory:, postgres://…
  -h, --help       show this help
`

const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      database: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      help: { type: "boolean", short: "h" }
    }
  })
  const [command, sub] = positionals
  if (values.help || command === undefined || command === "help") {
    process.stdout.write(help)
    return command === undefined && !values.help ? 1 : 0
  }
  const database = values.database ?? process.env.KEJIN_DATABASE ?? defaultDatabaseUrl
  switch (command) {
    case "migrate": {
      const kejin = await openKejin({ database })
      await kejin.close()
      console.log(`migrated ${redactDatabaseUrl(database)}`)
      return 0
    }
    case "demo": {
      const kejin = await openKejin({ database })
      try {
        const summary = await seedDemo(kejin)
        console.log(
          summary.seeded
            ? `seeded ${summary.pledges} demo pledge loans into ${redactDatabaseUrl(database)}`
            : `${redactDatabaseUrl(database)} already holds ${summary.pledges} pledge loans; demo data not added`
        )
      } finally {
        await kejin.close()
      }
      return 0
    }
    case "audit": {
      if (sub !== "verify") {
        console.error("usage: kejin audit verify")
        return 2
      }
      const kejin = await openKejin({ database })
      try {
        const verdict = await kejin.journal.verify()
        if (verdict._tag === "Intact") {
          console.log(`journal intact: ${verdict.entries} entries, head ${verdict.head}`)
          return 0
        }
        console.error(`journal broken at entry ${verdict.seq}: ${verdict.reason}`)
        return 1
      } finally {
        await kejin.close()
      }
    }
    case "serve": {
      const port = Number(values.port ?? process.env.PORT ?? 8787)
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`--port must be a whole number from 0 to 65535, got ${values.port}`)
        return 2
      }
      const host = values.host ?? "127.0.0.1"
      const kejin = await openKejin({ database })
      const app = createApp({ kejin })
      const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
        const shown = host === "0.0.0.0" || host === "127.0.0.1" ? "localhost" : host
        console.log(
          `Kejin dashboard: http://${shown}:${info.port}/  (database ${redactDatabaseUrl(database)})`
        )
      })
      const stop = () => {
        server.close(() => {
          void kejin.close().then(() => process.exit(0))
        })
      }
      process.once("SIGINT", stop)
      process.once("SIGTERM", stop)
      return await new Promise<number>(() => {})
    }
    default:
      console.error(`unknown command "${command}"\n\n${help}`)
      return 2
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
)
