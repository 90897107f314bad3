/**
 * The OpenAPI 3.1 document of the JSON API, generated from the Effect Schemas that validate the requests
 * (`SchemaRepresentation.toRepresentations` → `SchemaRepresentation.toJsonSchemaMultiDocument` →
 * `JsonSchema.toMultiDocumentOpenApi3_1`), and a server-rendered page for developers.
 */
export {
  type DocumentOptions,
  type OpenApiDocument,
  openApiDocument
} from "./document.js"
export { openApiRoutes } from "./routes.js"
export {
  Money,
  PledgeJson,
  PledgePageJson,
  ProblemJson,
  TargetJson,
  TargetListJson,
  TargetProgressJson
} from "./schemas.js"
