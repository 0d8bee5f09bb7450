// Engines that tell the truth: every package a user installs with ours (dependencies, transitively,
// as npm laid them out in the consumer project) must support every Node our engines.node promises.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import semver from 'semver'

const readManifest = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))

/** The engines.node every public package declares; they must all declare the same range. */
export function declaredEngines(packages) {
  const ranges = new Map(packages.map(({ manifest }) => [manifest.name, manifest.engines?.node]))
  const distinct = new Set(ranges.values())
  const [range] = distinct
  if (distinct.size !== 1 || typeof range !== 'string' || !semver.validRange(range)) {
    const listed = [...ranges].map(([name, node]) => `${name}: ${JSON.stringify(node)}`).join(', ')
    throw new Error(`Every public package must declare one and the same valid engines.node; found ${listed}.`)
  }
  return range
}

// Node's lookup: node_modules/<name> in the package's folder, then in each parent, up to the project.
function resolveFrom(projectDir, fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dir === projectDir || relative(projectDir, dir).startsWith('..')) return undefined
  }
}

// The runtime edges of a package: dependencies, optional ones and required peers. An optional
// dependency or peer that npm did not install is not something a user runs.
function runtimeEdges(manifest) {
  const optionalPeers = manifest.peerDependenciesMeta ?? {}
  return [
    ...Object.keys(manifest.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(manifest.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ...Object.keys(manifest.peerDependencies ?? {}).map((name) => ({
      name,
      optional: optionalPeers[name]?.optional === true,
    })),
  ]
}

function verdict(ours, theirs) {
  if (!semver.validRange(theirs))
    return `declares engines.node ${JSON.stringify(theirs)}, which semver cannot read`
  if (semver.subset(ours, theirs)) return undefined
  const floor = semver.minVersion(ours)
  const theirFloor = semver.minVersion(theirs)
  if (theirFloor && floor && semver.gt(theirFloor, floor)) {
    return `needs Node ${JSON.stringify(theirs)}: its floor ${theirFloor} is above ours, ${floor}`
  }
  return `supports Node ${JSON.stringify(theirs)}, which leaves out part of ours`
}

/**
 * Walks the runtime dependency graph of `roots` (package names installed in `projectDir`) and
 * returns how many packages it read and one message per package whose engines.node does not cover
 * `ours`, naming the path that brings it in.
 */
export function checkDependencyEngines(projectDir, roots, ours) {
  const seen = new Set()
  const problems = []
  const queue = roots.map((name) => ({ dir: resolveFrom(projectDir, projectDir, name), chain: [name] }))
  while (queue.length > 0) {
    const { dir, chain } = queue.shift()
    if (dir === undefined) {
      problems.push(`${chain.join(' > ')} is not installed in ${projectDir}`)
      continue
    }
    if (seen.has(dir)) continue
    seen.add(dir)
    const manifest = readManifest(dir)
    const theirs = manifest.engines?.node
    const problem = typeof theirs === 'string' ? verdict(ours, theirs) : undefined
    if (problem) problems.push(`${manifest.name}@${manifest.version} (${chain.join(' > ')}) ${problem}`)
    for (const edge of runtimeEdges(manifest)) {
      const child = resolveFrom(projectDir, dir, edge.name)
      if (child === undefined && edge.optional) continue
      queue.push({ dir: child, chain: [...chain, edge.name] })
    }
  }
  return { packages: seen.size, problems }
}
