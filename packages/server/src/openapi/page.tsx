/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx"
import type {
  HttpMethod,
  MediaTypeObject,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  ResponseObject
} from "./document.js"

// A server-rendered reader of the OpenAPI document: everything on the page comes from the document, so an
// operation added there appears here. No script, no inline style (the CSP allows neither); JSX escapes
// all text.

const COMPONENT_REF = /"#\/components\/schemas\/([A-Za-z0-9._-]+)"/g

/** Pretty JSON whose `$ref`s to components are links to them on this page. */
const JsonView = (props: { value: unknown }) => {
  const text = JSON.stringify(props.value, null, 2)
  const parts: Array<Child> = []
  let last = 0
  for (const match of text.matchAll(COMPONENT_REF)) {
    parts.push(text.slice(last, match.index))
    parts.push(<a href={`#schema-${match[1]}`}>{match[0]}</a>)
    last = match.index + match[0].length
  }
  parts.push(text.slice(last))
  // Focusable: a wide schema scrolls sideways, and a keyboard must reach it to scroll it.
  return (
    <pre class="json" tabindex={0}>
      {parts}
    </pre>
  )
}

/** Text with `code` spans, as the document's descriptions write them. */
const Inline = (props: { text: string }) => (
  <>{props.text.split("`").map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>
)

const Prose = (props: { text: string }) => (
  <>
    {props.text.split("\n\n").map((paragraph) => (
      <p>
        <Inline text={paragraph} />
      </p>
    ))}
  </>
)

const COMPONENT_PREFIX = "#/components/schemas/"

/** A schema in a few words: a link for a component, its type otherwise (the details show the rest). */
const SchemaBrief = (props: { schema: Record<string, unknown> }) => {
  const { $ref, type, items } = props.schema
  if (typeof $ref === "string" && $ref.startsWith(COMPONENT_PREFIX)) {
    const name = $ref.slice(COMPONENT_PREFIX.length)
    return <a href={`#schema-${name}`}>{name}</a>
  }
  if (type === "array" && typeof items === "object" && items !== null) {
    return (
      <>
        array of <SchemaBrief schema={items as Record<string, unknown>} />
      </>
    )
  }
  if (type === "object") return <>object</>
  const text = JSON.stringify(props.schema)
  return <code>{text.length <= 90 ? text : String(type ?? "schema")}</code>
}

const MediaType = (props: { type: string; media: MediaTypeObject; open?: boolean }) => (
  <div class="media">
    <p>
      <code>{props.type}</code> · <SchemaBrief schema={props.media.schema} />
    </p>
    {props.media.schema.$ref === undefined ? (
      <details open={props.open}>
        <summary>Schema 结构</summary>
        <JsonView value={props.media.schema} />
      </details>
    ) : null}
    {props.media.example === undefined ? null : (
      <details>
        <summary>Example 示例</summary>
        <JsonView value={props.media.example} />
      </details>
    )}
  </div>
)

const Parameters = (props: { parameters: ReadonlyArray<ParameterObject> }) => (
  <table>
    <thead>
      <tr>
        <th>Name 参数</th>
        <th>In</th>
        <th>Required</th>
        <th>Schema</th>
        <th>Description 说明</th>
      </tr>
    </thead>
    <tbody>
      {props.parameters.map((p) => (
        <tr>
          <td>
            <code>{p.name}</code>
          </td>
          <td>{p.in}</td>
          <td>{p.required ? "yes 必填" : "no"}</td>
          <td>
            <SchemaBrief schema={p.schema} />
          </td>
          <td>
            <Inline text={p.description} />
          </td>
        </tr>
      ))}
    </tbody>
  </table>
)

const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`

/** A curl command for the operation, with its examples and a bearer token from the environment. */
export const curlExample = (method: HttpMethod, path: string, operation: OperationObject): string => {
  const example = (p: ParameterObject) => String(p.example ?? `<${p.name}>`)
  let url = path
  for (const p of operation.parameters.filter((p) => p.in === "path")) {
    url = url.replace(`{${p.name}}`, encodeURIComponent(example(p)))
  }
  const query = operation.parameters
    .filter((p) => p.in === "query" && p.example !== undefined)
    .slice(0, 2)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(example(p))}`)
  const lines = [
    `curl -X ${method.toUpperCase()} "$KEJIN_URL${url}${query.length > 0 ? `?${query.join("&")}` : ""}"`,
    `-H "Authorization: Bearer $KEJIN_TOKEN"`
  ]
  for (const p of operation.parameters.filter((p) => p.in === "header")) {
    lines.push(`-H ${shellQuote(`${p.name}: ${example(p)}`)}`)
  }
  const body = operation.requestBody?.content["application/json"]
  if (body !== undefined) {
    lines.push(`-H "Content-Type: application/json"`)
    lines.push(`--data ${shellQuote(JSON.stringify(body.example ?? {}, null, 2))}`)
  }
  return lines.join(" \\\n  ")
}

const Response = (props: { status: string; response: ResponseObject }) => (
  <div class="response">
    <h5>
      <span class={`status status-${props.status.charAt(0)}xx`}>{props.status}</span>{" "}
      <Inline text={props.response.description} />
    </h5>
    {Object.entries(props.response.headers ?? {}).map(([name, header]) => (
      <p>
        Header <code>{name}</code>: <Inline text={header.description} />
      </p>
    ))}
    {Object.entries(props.response.content ?? {}).map(([type, media]) => (
      <MediaType type={type} media={media} />
    ))}
  </div>
)

const Operation = (props: { method: HttpMethod; path: string; operation: OperationObject }) => {
  const { method, path, operation } = props
  return (
    <section class="operation" id={operation.operationId}>
      <h3>
        <span class={`method method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
      </h3>
      <p class="summary">{operation.summary}</p>
      <Prose text={operation.description} />
      {operation.parameters.length === 0 ? null : (
        <>
          <h4>Parameters 参数</h4>
          <Parameters parameters={operation.parameters} />
        </>
      )}
      {operation.requestBody === undefined ? null : (
        <>
          <h4>Request body 请求体</h4>
          {Object.entries(operation.requestBody.content).map(([type, media]) => (
            <MediaType type={type} media={media} open={true} />
          ))}
        </>
      )}
      <h4>Responses 响应</h4>
      {Object.entries(operation.responses).map(([status, response]) => (
        <Response status={status} response={response} />
      ))}
      <h4>curl</h4>
      <pre class="curl" tabindex={0}>
        {curlExample(method, path, operation)}
      </pre>
    </section>
  )
}

const operationsOf = (document: OpenApiDocument) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    (Object.entries(item) as Array<[HttpMethod, OperationObject]>).map(([method, operation]) => ({
      path,
      method,
      operation
    }))
  )

export interface DocsPageProps {
  readonly document: OpenApiDocument
  /** Where the JSON document is served, e.g. `/api/openapi.json`. */
  readonly specUrl: string
  readonly stylesheetUrl: string
}

/** The developer page: 科金 API 文档 · API reference. */
export const DocsPage = (props: DocsPageProps) => {
  const { document } = props
  const operations = operationsOf(document)
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>科金 API 文档 · Kejin API reference</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={props.stylesheetUrl} />
      </head>
      <body>
        <header>
          <h1>
            科金 API 文档 <span lang="en">Kejin API reference</span>
          </h1>
          <p>
            {document.info.title} · version {document.info.version} · OpenAPI {document.openapi} ·{" "}
            <a href={props.specUrl}>openapi.json</a>
          </p>
          <Prose text={document.info.description} />
        </header>
        <nav aria-label="Operations 接口">
          {document.tags.map((tag) => (
            <>
              <h2>{tag.description}</h2>
              <ul>
                {operations
                  .filter(({ operation }) => operation.tags.includes(tag.name))
                  .map(({ method, path, operation }) => (
                    <li>
                      <a href={`#${operation.operationId}`}>
                        <span class={`method method-${method}`}>{method.toUpperCase()}</span>{" "}
                        <code>{path}</code>
                      </a>{" "}
                      {operation.summary}
                    </li>
                  ))}
              </ul>
            </>
          ))}
        </nav>
        <main>
          <section id="authentication">
            <h2>Authentication 认证</h2>
            <dl>
              {Object.entries(document.components.securitySchemes).map(([name, scheme]) => (
                <>
                  <dt>
                    <code>{name}</code> (
                    {scheme.type === "http" ? `HTTP ${scheme.scheme}` : `${scheme.in} ${scheme.name}`})
                  </dt>
                  <dd>
                    <Prose text={scheme.description} />
                  </dd>
                </>
              ))}
            </dl>
            <p>The curl examples read the server and a token from the environment:</p>
            <pre class="curl" tabindex={0}>
              {
                "kejin token create --role bureau --name docs   # prints a token\nexport KEJIN_URL=http://localhost:8787\nexport KEJIN_TOKEN=<the token>"
              }
            </pre>
          </section>
          {operations.map(({ method, path, operation }) => (
            <Operation method={method} path={path} operation={operation} />
          ))}
          <section id="schemas">
            <h2>Schemas 数据结构</h2>
            {Object.entries(document.components.schemas).map(([name, schema]) => (
              <section class="schema" id={`schema-${name}`}>
                <h3>{name}</h3>
                {typeof schema.description === "string" ? <Prose text={schema.description} /> : null}
                <JsonView value={schema} />
              </section>
            ))}
          </section>
        </main>
      </body>
    </html>
  )
}
