// What `journeyToJson` writes (`GET /api/v1/enterprises/{uscc}/journey`) is declared in the core with the
// operation (journey/wire.ts); the HTTP test of the route decodes real responses with it.
export {
  JourneyEventJson,
  JourneyJson,
  JourneyKindJson as JourneyKind,
  JourneySourceJson as JourneySource,
  RegisteredJourneyEnterpriseJson,
  UnregisteredPledgorJson
} from "@kejin/core/internal"
