import { parseArgs } from "node:util"
import { serve } from "@hono/node-server"
import { type Actor, defaultDatabaseUrl, type Kejin, openKejin, redactDatabaseUrl } from "@kejin/core"
import { randomSecret } from "@kejin/core/internal"
import { scheduleAlerts, webhookConfig } from "./alerts.js"
import { builtinPlugins, createApp, ensurePluginTargets } from "./app.js"
import { auditVerify, backupCommand, restoreCommand, scheduleAudits } from "./audit/verify.js"
import { type CliFailure, cliFailureOf } from "./cli-errors.js"
import { loadPlugins, loadServeConfig } from "./config.js"
import { seedDemo } from "./demo.js"
import { exportRequest, runExport } from "./export-cli.js"
import { importCommand } from "./import-cli.js"
import { reportCli } from "./reports/cli.js"

const help = `kejin — 科金 sci-tech finance for Wenzhou

Usage: kejin <command> [options]

Commands:
  serve [--port 8787] [--host 127.0.0.1]   start the dashboard and JSON API (verifies the records
                                          quickly on start and in full daily, logging the result;
                                          logs a daily digest of the alerts)
        [--webhook URL]                   POST each new alert once to URL (or $KEJIN_WEBHOOK_URL),
                                          signed with $KEJIN_WEBHOOK_SECRET (X-Kejin-Signature)
  migrate                                 apply pending database migrations
  demo                                    seed synthetic Wenzhou demo data (only into an empty store)
  audit verify [--quick]                  verify the journal's hash chain and every stored record
                                          against it: lists each record changed (which fields),
                                          added or deleted outside the application; exit 1 on any.
                                          --quick: the chain, the records of the latest 1000
                                          entries, the targets/people/tokens and each table's count
  backup <file>                           copy a live SQLite store consistently (online backup);
                                          for PostgreSQL, prints the pg_dump/pg_restore commands
  restore <file>                          verify a backup in full and, only if it verifies, copy it
                                          over the SQLite store (stop kejin serve first)
  import <kind> <file.xlsx|.csv> [--dry-run] [--skip-invalid] [--mapping map.json] [--report F]
         [--sheet S] [--encoding utf-8|gb18030] [--lang zh|en]
                                          record the rows of a spreadsheet through the kind's write
                                          (pledges, pledge-loans, repayments, enterprises, commitments,
                                          …: kejin import help lists the kinds and their columns) as one
                                          journal entry, all rows or none (or the valid ones with
                                          --skip-invalid); rows imported before are skipped; --report
                                          writes the file back with a status and a reason per row.
                                          exit 0 all rows good, 1 rows in error, 2 file unreadable
  export <kind> [--format csv|xlsx] [--out F] [--lang zh|en] [--bom false] [--<filter> X]
                                          export a list or table as the API's export.csv|xlsx does
                                          (CSV by default, with a byte-order mark for Excel unless
                                          --bom false), to standard output or --out F: its filters
                                          (kejin export pledges --from D --to D), Chinese headers
                                          (English with --lang en); what it writes imports again;
                                          kinds: pledges, funds, funds-ledger --code C, enterprises,
                                          linkage-loans…, pledges-breakdown --by district,
                                          pledges-monthly, targets, enterprises-journey --uscc U
                                          (kejin export help lists them)
  report monthly [--month YYYY-MM] --out F.xlsx|F.html [--lang zh|en]
                                          the monthly report (月度通报) of a month (default: the
                                          last complete one, Asia/Shanghai) as a workbook (one
                                          sheet per section) or a standalone HTML file for A4
                                          printing, by the extension; exit 1 for a bad month,
                                          2 when the file cannot be written
  user add --login L --name N --role R [--funds a,b] [--password-stdin]
                                          add a person (a random password is printed
                                          unless one is given on standard input)
  user list                               list people and their roles
  token create --role R --name N [--funds a,b]
                                          create a bearer token for a program (printed once)
  token revoke --name N                   revoke a token
  token list                              list tokens (never their secrets)

Roles: admin, bureau, fund-manager (needs --funds), viewer.

Options:
  --database URL   sqlite:./data/kejin.db (default, or $KEJIN_DATABASE), sqlite::memory:, postgres://…
  --read-database URL
                   kejin serve: a PostgreSQL streaming replica (or $KEJIN_READ_DATABASE, or
                   readDatabase in --config) for reads that may lag (figures, lists, exports);
                   a person's reads stay on the primary until the replica holds their last write
  -h, --help       show this help
`

/** The CLI runs on the server machine with its database: it acts as an administrator named `cli`. */
const cliActor: Actor = { id: "cli", role: "admin" }

const readStdin = async (): Promise<string> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "")
}

const fundsOf = (text: string | undefined) =>
  text === undefined
    ? {}
    : {
        funds: text
          .split(",")
          .map((f) => f.trim())
          .filter((f) => f !== "")
      }

const people = async (
  kejin: Kejin,
  command: "user" | "token",
  sub: string | undefined,
  values: { login?: string; name?: string; role?: string; funds?: string; "password-stdin"?: boolean }
): Promise<number> => {
  try {
    if (command === "user" && sub === "add") {
      const given = values["password-stdin"] ? await readStdin() : undefined
      const password = given ?? randomSecret(12)
      const user = await kejin.accounts.addUser({
        login: values.login,
        displayName: values.name,
        role: values.role,
        ...fundsOf(values.funds),
        password
      })
      console.log(`added ${user.login} (${user.role})`)
      if (given === undefined) console.log(`password: ${password}\n(shown once: hand it over safely)`)
      return 0
    }
    if (command === "user" && sub === "list") {
      for (const u of await kejin.accounts.listUsers()) {
        console.log(
          `${u.login}\t${u.role}\t${u.displayName}${u.funds.length ? `\tfunds: ${u.funds.join(",")}` : ""}`
        )
      }
      return 0
    }
    if (command === "token" && sub === "create") {
      const { token, record } = await kejin.accounts.createToken({
        name: values.name,
        role: values.role,
        ...fundsOf(values.funds)
      })
      console.error(`token ${record.name} (${record.role}) created; it is shown once:`)
      console.log(token)
      return 0
    }
    if (command === "token" && sub === "revoke") {
      const record = await kejin.accounts.revokeToken(values.name ?? "")
      console.log(`revoked ${record.name}`)
      return 0
    }
    if (command === "token" && sub === "list") {
      for (const t of await kejin.accounts.listTokens()) {
        console.log(
          `${t.name}\t${t.role}\t${t.revokedAt ? `revoked ${t.revokedAt}` : "active"}\tlast used ${t.lastUsedAt ?? "never"}`
        )
      }
      return 0
    }
  } catch (error) {
    const failure = cliFailureOf(error, (issue) => `--${optionOf(issue.path)}: ${issue.message}`)
    if (failure.code !== 2) throw error
    return report(failure)
  }
  console.error(`usage: see kejin --help (unknown: kejin ${command} ${sub ?? ""})`)
  return 2
}

/** Says `failure` on standard error (each line, then `after` if given) and gives its exit code. */
const report = (failure: CliFailure, after?: string): number => {
  for (const line of failure.lines) console.error(line)
  if (after !== undefined) console.error(after)
  return failure.code
}

const optionOf = (path: string) =>
  ({ displayName: "name", login: "login", role: "role", funds: "funds", name: "name" })[path] ?? path

const listExport = async (argv: ReadonlyArray<string>): Promise<number> => {
  const parsed = exportRequest(argv.slice(1))
  if (parsed.request === undefined) {
    console.error(parsed.error)
    return 2
  }
  const database = parsed.request.database ?? process.env.KEJIN_DATABASE ?? defaultDatabaseUrl
  const kejin = await openKejin({ database, actor: cliActor })
  try {
    return await runExport(kejin, cliActor, parsed.request, {
      stdout: process.stdout,
      stderr: (line) => console.error(line)
    })
  } finally {
    await kejin.close()
  }
}

const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  if (argv[0] === "export") return listExport(argv)
  if (argv[0] === "import")
    return importCommand(argv.slice(1), cliActor, {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      ...(process.stderr.isTTY
        ? {
            progress: (text: string, done: boolean) =>
              process.stderr.write(done ? "\r\x1b[K" : `\r\x1b[K${text}`)
          }
        : {})
    })
  if (argv[0] === "report") return reportCli(argv.slice(1), cliActor)
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      database: { type: "string" },
      "read-database": { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      help: { type: "boolean", short: "h" },
      login: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      funds: { type: "string" },
      "password-stdin": { type: "boolean" },
      config: { type: "string" },
      quick: { type: "boolean" },
      webhook: { type: "string" }
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
            ? `seeded demo data into ${redactDatabaseUrl(database)}: ${summary.pledges} pledge registrations, ${summary.loans} loans drawn, ${summary.funds} funds, ${summary.linkage} linkage records`
            : `${redactDatabaseUrl(database)} already holds records; demo data goes only into an empty store`
        )
        if (summary.users.length > 0) {
          console.log("demo sign-ins (passwords made up now, shown once):")
          for (const u of summary.users)
            console.log(`  ${u.login.padEnd(8)} ${u.role.padEnd(13)} ${u.password}`)
        }
      } finally {
        await kejin.close()
      }
      return 0
    }
    case "audit": {
      if (sub !== "verify") {
        console.error("usage: kejin audit verify [--quick]")
        return 2
      }
      return await auditVerify(database, values.quick ? "quick" : "full")
    }
    case "backup":
    case "restore": {
      const file = positionals[1]
      if (file === undefined) {
        console.error(`usage: kejin ${command} <file>`)
        return 2
      }
      return command === "backup" ? await backupCommand(database, file) : await restoreCommand(database, file)
    }
    case "user":
    case "token": {
      const kejin = await openKejin({ database, actor: cliActor })
      try {
        return await people(kejin, command, sub, values)
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
      const webhook = webhookConfig(values.webhook)
      if (webhook !== undefined && "error" in webhook) {
        console.error(webhook.error)
        return 2
      }
      const plugins = values.config === undefined ? [] : await loadPlugins(values.config)
      const readDatabase =
        values["read-database"] ??
        process.env.KEJIN_READ_DATABASE ??
        (values.config === undefined ? undefined : (await loadServeConfig(values.config)).readDatabase)
      const kejin = await openKejin({
        database,
        ...(readDatabase === undefined || readDatabase === "" ? {} : { readDatabase })
      })
      const app = createApp({ kejin, plugins, trustProxy: process.env.KEJIN_TRUST_PROXY === "1" })
      await ensurePluginTargets(kejin, [...builtinPlugins, ...plugins])
      if (!(await kejin.accounts.hasUsers())) {
        console.log(
          "No users yet: open the dashboard to create the first administrator, or run `kejin user add`."
        )
      }
      const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
        const shown = host === "0.0.0.0" || host === "127.0.0.1" ? "localhost" : host
        console.log(
          `Kejin dashboard: http://${shown}:${info.port}/  (database ${redactDatabaseUrl(database)}${readDatabase ? `, reads that may lag from ${redactDatabaseUrl(readDatabase)}` : ""})`
        )
      })
      // Quick on start, full daily: the outcome is logged and shown on /audit.
      const stopAudits = scheduleAudits(kejin, (line) => console.log(line))
      // The alerts' daily digest in the log, and the webhook when one is set.
      const alerts = scheduleAlerts(kejin, { log: (line) => console.log(line), webhook })
      const stop = () => {
        stopAudits()
        alerts.stop()
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
  (error: unknown) => process.exit(report(cliFailureOf(error)))
)
