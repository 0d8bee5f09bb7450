import { readFile } from 'node:fs/promises'
import { extname, relative, resolve } from 'node:path'
import * as operations from '@dinoai/operations'
import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  NoUnusedFragmentsRule,
  parse,
  Source,
  specifiedRules,
  validate,
  visit,
} from 'graphql'
import { SchemaCommandError } from './introspect.js'

/** A document to validate: a file of an app, or one that @dinoai/operations ships. */
export interface SourceDocument {
  /** Where it comes from, as reports name it: a path relative to the working directory, or the operation. */
  name: string
  /** Its definitions, or the syntax error that kept it from parsing. */
  document: DocumentNode | GraphQLError
}

/** One reason a document does not validate, where it is. */
export interface DocumentProblem {
  /** `file:line:column`, or the shipped operation's name. */
  where: string
  message: string
}

const GRAPHQL_FILES = new Set(['.graphql', '.gql', '.graphqls'])

/**
 * The documents @dinoai/operations ships (the ones @dinoai/client sends), named by operation. They
 * are the default of `--documents`: an app that writes none still learns which SDK calls a changed
 * API would refuse.
 */
export function shippedDocuments(): SourceDocument[] {
  return Object.entries(operations).flatMap(([name, value]) =>
    name.endsWith('Document') && isDocument(value)
      ? [{ name: `@dinoai/operations ${name}`, document: value }]
      : [],
  )
}

function isDocument(value: unknown): value is DocumentNode {
  return typeof value === 'object' && value !== null && 'kind' in value && value.kind === Kind.DOCUMENT
}

function parsed(
  body: string,
  name: string,
  offset?: { line: number; column: number },
): DocumentNode | GraphQLError {
  try {
    return parse(new Source(body, name, offset))
  } catch (error) {
    if (error instanceof GraphQLError) return error
    throw error
  }
}

/**
 * The GraphQL in the files the globs match: .graphql files whole, and the documents in code files
 * (`graphql(...)`, `gql` tags, `/* GraphQL *\/` comments) as GraphQL Code Generator finds them.
 * Relative globs start at `cwd`; the schema file is left out. A glob that matches nothing is an
 * error: it is a typo more often than an empty folder.
 */
export async function loadDocuments(
  globs: readonly string[],
  cwd: string,
  schemaFile: string,
): Promise<SourceDocument[]> {
  const { glob } = await import('tinyglobby')
  const files = new Set<string>()
  for (const pattern of globs) {
    const matched = await glob(pattern, { cwd, absolute: true, ignore: ['**/node_modules/**'] })
    if (matched.length === 0) {
      throw new SchemaCommandError(
        `--documents ${JSON.stringify(pattern)} matches no file under ${cwd}. Quote the glob so your shell does not expand it, e.g. --documents 'src/**/*.graphql'.`,
      )
    }
    for (const file of matched) files.add(resolve(file))
  }
  // A glob such as '**/*.graphql' also finds the schema file, which holds no documents.
  files.delete(resolve(schemaFile))
  const documents: SourceDocument[] = []
  for (const file of [...files].sort()) {
    const name = relative(cwd, file) || file
    const text = await readFile(file, 'utf8')
    if (GRAPHQL_FILES.has(extname(file))) {
      documents.push({ name, document: parsed(text, name) })
      continue
    }
    const { gqlPluckFromCodeStringSync } = await import('@graphql-tools/graphql-tag-pluck')
    for (const source of gqlPluckFromCodeStringSync(file, text)) {
      documents.push({ name, document: parsed(source.body, name, source.locationOffset) })
    }
  }
  return documents
}

const fragmentsOf = (documents: readonly SourceDocument[]): Map<string, FragmentDefinitionNode> => {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const { document } of documents) {
    if (document instanceof GraphQLError) continue
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(definition.name.value))
        fragments.set(definition.name.value, definition)
    }
  }
  return fragments
}

// A file of fragments alone is a normal thing to have: its fragments are used elsewhere, or not yet.
const RULES = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule)

/** The fragments a document spreads, directly or through other fragments, that it does not define. */
function borrowedFragments(
  document: DocumentNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): FragmentDefinitionNode[] {
  const own = new Set(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : [])),
  )
  const borrowed = new Map<string, FragmentDefinitionNode>()
  const follow = (node: DocumentNode | FragmentDefinitionNode) => {
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value
        const fragment = fragments.get(name)
        if (own.has(name) || borrowed.has(name) || !fragment) return
        borrowed.set(name, fragment)
        follow(fragment)
      },
    })
  }
  follow(document)
  return [...borrowed.values()]
}

function whereOf(error: GraphQLError, fallback: string): string {
  const [location] = error.locations ?? []
  const name = error.source?.name
  if (!location || !name || name === 'GraphQL request') return fallback
  return `${name}:${location.line}:${location.column}`
}

/**
 * Why each document fails against `schema`: syntax errors, and graphql-js's validation errors
 * (unknown fields and arguments, wrong types, missing required arguments...). Empty when all pass.
 */
export function validateDocuments(
  schema: GraphQLSchema,
  documents: readonly SourceDocument[],
): DocumentProblem[] {
  const fragments = fragmentsOf(documents)
  const problems: DocumentProblem[] = []
  const seen = new Set<string>()
  const add = (problem: DocumentProblem) => {
    const key = `${problem.where}\n${problem.message}`
    if (!seen.has(key)) problems.push(problem)
    seen.add(key)
  }
  for (const { name, document } of documents) {
    if (document instanceof GraphQLError) {
      add({ where: whereOf(document, name), message: document.message })
      continue
    }
    // A fragment one file defines and another spreads validates as codegen sees it: together.
    const borrowed: DefinitionNode[] = borrowedFragments(document, fragments)
    const whole: DocumentNode = { ...document, definitions: [...document.definitions, ...borrowed] }
    for (const error of validate(schema, whole, RULES)) {
      // An error inside another file's fragment is that file's, and reported with it.
      if (error.source && error.source.name !== name) continue
      add({ where: whereOf(error, name), message: error.message })
    }
  }
  return problems
}
