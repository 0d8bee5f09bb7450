// Codegen plugin: emits the public exports of @dinoai/operations that follow from the documents,
// so that adding a document is writing its .graphql file and running `pnpm codegen`. For every
// operation: its document, result type and variables type; for every fragment: its document and
// type; and the schema's enums and input types that the generated types use. Each export gets
// the doc comment written as `#` lines right above its definition in the .graphql file:
//
//   # Reads a run: its status, full transcript, child sessions and workspace.
//   # Variables: the session to read.
//   # Result: the run, under `dinoaiAgentRun`.
//   query DinoaiAgentRun($agentSessionId: String!) { ... }
//
// Untagged lines describe the document; `Variables:` and `Result:` lines its two types.
const { readFileSync } = require('node:fs')
const {
  getNamedType,
  isEnumType,
  isInputObjectType,
  Kind,
  Lexer,
  Source,
  TokenKind,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} = require('graphql')

const SUFFIX = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' }

/** The `#` comment lines right above each definition of a document's source, by definition name. */
function commentsOf(source) {
  const comments = new Map()
  const lexer = new Lexer(new Source(source))
  let pending = []
  let depth = 0
  // Comments are tokens of their own in graphql-js's lexer; lookahead() skips them, so walk `prev`.
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    for (let c = token.prev; c && c.kind === TokenKind.COMMENT; c = c.prev) pending.unshift(c.value.trim())
    if (
      depth === 0 &&
      token.kind === TokenKind.NAME &&
      /^(query|mutation|subscription|fragment)$/.test(token.value)
    ) {
      const name = lexer.lookahead()
      if (name.kind === TokenKind.NAME) comments.set(name.value, pending)
    }
    if (token.kind === TokenKind.BRACE_L) depth++
    if (token.kind === TokenKind.BRACE_R) depth--
    pending = []
  }
  return comments
}

/** The untagged text and the `Tag:` lines of a definition's comment. */
function docOf(lines = []) {
  const tagged = {}
  const text = []
  for (const line of lines) {
    const match = /^(Variables|Result):\s*(.*)$/.exec(line)
    if (match) tagged[match[1]] = match[2]
    else if (line) text.push(line)
  }
  return { text: text.join(' '), ...tagged }
}

const comment = (text) => `/** ${text.replaceAll('*/', '*\\/')} */`

/** The schema's enums and input types the generated types use, as typescript-operations picks them. */
function usedSchemaTypes(schema, documents) {
  const used = new Set()
  const addInput = (type) => {
    const named = getNamedType(type)
    if (used.has(named.name)) return
    if (isEnumType(named)) used.add(named.name)
    if (isInputObjectType(named)) {
      used.add(named.name)
      for (const field of Object.values(named.getFields())) addInput(field.type)
    }
  }
  const typeInfo = new TypeInfo(schema)
  for (const document of documents) {
    visit(document, {
      VariableDefinition: (node) => {
        const type = typeFromAST(schema, node.type)
        if (type) addInput(type)
      },
    })
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field: () => {
          const type = typeInfo.getType()
          if (type && isEnumType(getNamedType(type))) used.add(getNamedType(type).name)
        },
      }),
    )
  }
  return [...used].sort()
}

function definitionExports(definition, docs, name) {
  if (definition.kind === Kind.FRAGMENT_DEFINITION) {
    const base = name(definition.name.value)
    const on = definition.typeCondition.name.value
    const what = docs.text || `The fields a ${on} fragment selects.`
    return [
      comment(
        `${what} (Fragment \`${definition.name.value}\` on \`${on}\`, to spread in documents of your own.)`,
      ),
      `export const ${base}FragmentDoc = Generated.${base}FragmentDoc`,
      comment(`${what} (The type of \`${base}FragmentDoc\`.)`),
      `export type ${base}Fragment = Generated.${base}Fragment`,
    ]
  }
  const base = name(definition.name.value)
  const kind = SUFFIX[definition.operation]
  const document = `${base}Document`
  const explain = (label, text) =>
    text ? `${label} of \`${document}\`: ${text}` : `${label} of \`${document}\`.`
  return [
    comment(docs.text || `The ${definition.name.value} ${definition.operation}.`),
    `export const ${document} = Generated.${document}`,
    comment(
      `${docs.text || `The ${definition.name.value} ${definition.operation}.`} (Its smallest typed form, \`TypedOperation\`: the text as sent, and the shape of its data.)`,
    ),
    `export const ${base}Operation = Operations.${base}Operation`,
    comment(explain('Result', docs.Result)),
    `export type ${base}${kind} = Generated.${base}${kind}`,
    comment(explain('Variables', docs.Variables)),
    `export type ${base}${kind}Variables = Generated.${base}${kind}Variables`,
  ]
}

module.exports = {
  plugin(schema, documents, config) {
    const name = config.namingConvention ?? ((n) => n)
    const lines = [
      '// The exports of @dinoai/operations that follow from the documents, with the doc comments',
      '// written above each definition in its .graphql file.',
      "import * as Generated from './graphql.js'",
      "import * as Operations from './operations.js'",
    ]
    const used = usedSchemaTypes(
      schema,
      documents.map((d) => d.document),
    )
    if (used.length > 0) lines.push('', `export type { ${used.map(name).join(', ')} } from './graphql.js'`)
    for (const file of documents) {
      // The file itself: what codegen keeps of it (rawSDL) is printed from the AST, without comments.
      const source = readFileSync(file.location, 'utf8')
      const comments = commentsOf(source)
      for (const definition of file.document.definitions) {
        if (!definition.name)
          throw new Error(`document exports: every definition in ${file.location} needs a name`)
        lines.push('', ...definitionExports(definition, docOf(comments.get(definition.name.value)), name))
      }
    }
    return `${lines.join('\n')}\n`
  },
}
