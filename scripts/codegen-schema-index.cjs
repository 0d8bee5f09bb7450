// Codegen plugin: emits `schemaIndex`, a compact index of the schema that @dinoai/operations'
// `resultShapeOf` reads at run time to compute the shape of any document's `data` (ours and an
// app's). The index itself is built by `schemaIndexOf` of @dinoai/operations
// (packages/operations/src/shapes/schema-index.ts), the one implementation, which @dinoai/testing
// also calls for the schema a mock serves. codegen.ts imports that TypeScript module (codegen
// loads its config through jiti) and hands the function to this plugin as `config.schemaIndexOf`:
// a plain require of a .ts file would not run on Node 20.

module.exports = {
  plugin(schema, _documents, config) {
    const { schemaIndexOf } = config
    if (typeof schemaIndexOf !== 'function')
      throw new Error(
        'codegen-schema-index: pass schemaIndexOf of packages/operations/src/shapes/schema-index.ts as config.schemaIndexOf (see codegen.ts).',
      )
    return [
      "import type { SchemaIndex } from '../shapes/types.js'",
      '',
      '/**',
      ' * The schema in brief, for computing result shapes at run time (`resultShapeOf`): each named',
      " * type's kind, the type of every output field, and the possible types of interfaces and unions.",
      ' */',
      `export const schemaIndex: SchemaIndex = ${JSON.stringify(schemaIndexOf(schema), null, 2)}`,
      '',
    ].join('\n')
  },
}
