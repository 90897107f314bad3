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
  CityFundKpisJson,
  DealGroupsJson,
  EnterpriseJson,
  EnterprisePageJson,
  FundEntryJson,
  FundFiguresJson,
  FundGroupsJson,
  FundJson,
  FundPageJson,
  InstitutionJson,
  InstitutionPageJson,
  LedgerPageJson,
  Money,
  Multiple,
  PledgeJson,
  PledgePageJson,
  ProblemJson,
  TargetJson,
  TargetListJson,
  TargetProgressJson
} from "./schemas.js"
