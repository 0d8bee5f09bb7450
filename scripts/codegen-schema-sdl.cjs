// Codegen plugin: emits the schema SDL as a string constant, so that @dinoai/testing and other
// tools can build an executable schema without reading files at run time.
const { printSchema } = require('graphql')

module.exports = {
  plugin(schema) {
    const sdl = printSchema(schema)
    return [
      '/** The DinoAI agents API schema (SDL, with descriptions), as checked in at the repository root. */',
      `export const schemaSdl: string = ${JSON.stringify(sdl)}`,
      '',
    ].join('\n')
  },
}
