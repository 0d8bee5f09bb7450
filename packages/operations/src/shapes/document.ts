// The few parts of a GraphQL document AST that result shapes read, typed structurally so that
// graphql-js's DocumentNode and urql's (@0no-co/graphql.web) both fit, and @dinoai/operations
// needs neither at run time: nodes are told apart by their `kind` strings, as graphql-js names them.

interface Name {
  readonly value: string
}

interface Value {
  readonly kind: string
  readonly value?: unknown
}

/** A directive on a field or fragment, of which only `@include(if:)` and `@skip(if:)` matter here. */
export interface DirectiveLike {
  readonly name: Name
  readonly arguments?: readonly { readonly name: Name; readonly value: Value }[] | undefined
}

/** A field, inline fragment or fragment spread, told apart by `kind`. */
export interface SelectionLike {
  readonly kind: string
  readonly name?: Name | undefined
  readonly alias?: Name | undefined
  readonly typeCondition?: { readonly name: Name } | undefined
  readonly directives?: readonly DirectiveLike[] | undefined
  readonly selectionSet?: SelectionSetLike | undefined
}

/** The selections of a field, fragment or operation. */
export interface SelectionSetLike {
  readonly selections: readonly SelectionLike[]
}

/** An operation or fragment definition (other kinds, e.g. in a schema document, are ignored). */
export interface DefinitionLike {
  readonly kind: string
  readonly operation?: string | undefined
  readonly name?: Name | undefined
  readonly typeCondition?: { readonly name: Name } | undefined
  readonly selectionSet?: SelectionSetLike | undefined
}

/** A parsed GraphQL document: graphql-js's or urql's `DocumentNode`, or a `TypedDocumentNode`. */
export interface DocumentLike {
  readonly definitions: readonly DefinitionLike[]
}
