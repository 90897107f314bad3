import { bind, defineModule } from "../operations/operation.js"
import { enterpriseJourney, type JourneyOptions, type JourneySearchQuery, searchJourneys } from "./journey.js"
import { enterpriseJourneyOperation, journeySearch } from "./operations.js"

/**
 * The enterprise journey: `journey` reads as the actor of the call (`context.actor`: over HTTP the
 * request's, in the facade `{ actor }` given with the options, else the instance's). The facade keeps its
 * signatures: `journey(uscc, { includeReversed?, from?, to?, actor? })`, `journeySearch(query?)`.
 */
export const journeyModule = defineModule({
  id: "journey",
  operations: [
    {
      ...bind(
        enterpriseJourneyOperation,
        (input, c) => {
          const { uscc, ...options } = input as { readonly uscc: string } & JourneyOptions
          return enterpriseJourney(uscc, { ...options, actor: c.actor })
        },
        (uscc: string, options?: JourneyOptions): unknown => {
          const { actor: _, ...window } = options ?? {}
          return { uscc, ...window }
        }
      ),
      // The actor of the call may come with the options (`journey(uscc, { actor })`).
      positionalOptions: (_uscc: string, options?: JourneyOptions) => options
    },
    bind(
      journeySearch,
      (input) => searchJourneys(input as JourneySearchQuery),
      (query?: JourneySearchQuery) => query ?? {}
    )
  ]
})
