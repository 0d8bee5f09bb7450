/** The JSON kinds a scalar position may hold: the built-in scalars, an open enum, or a custom scalar (`unknown`, not checked). */
export type ScalarKind = 'String' | 'Int' | 'Float' | 'Boolean' | 'ID' | 'enum' | 'unknown'

/**
 * The shape of one position of an answer, from the schema and the document's selection set:
 * a scalar, a list of shapes, or an object with the selected fields (keyed by response key).
 * `nullable` says whether null may stand there; `optional` marks a field under `@include`/`@skip`.
 */
export type TypeShape =
  | { readonly kind: ScalarKind; readonly nullable: boolean; readonly optional?: boolean }
  | { readonly kind: 'list'; readonly nullable: boolean; readonly of: TypeShape; readonly optional?: boolean }
  | {
      readonly kind: 'object'
      readonly nullable: boolean
      readonly fields: { readonly [responseKey: string]: TypeShape }
      readonly optional?: boolean
    }

/** The shape of an operation's whole `data`: an object of its top-level fields. */
export type ResultShape = Extract<TypeShape, { kind: 'object' }>
