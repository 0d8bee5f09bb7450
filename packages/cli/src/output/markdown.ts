import { stripVTControlCharacters } from 'node:util'
import { lexer, type Token, type Tokens } from 'marked'
import type { Palette } from './palette.js'

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Colours to use; pass a disabled palette for plain text with the same layout. */
  palette: Palette
  /** Prepended to every output line (the transcript indents messages). */
  indent?: string
}

/**
 * Renders an agent message's Markdown for a terminal: headings in bold, lists with bullets, code
 * blocks indented, inline code highlighted, links with their address. Agents answer in Markdown, and
 * raw `**` and fences are noise on a screen. Returns lines without a trailing newline.
 */
export function renderMarkdown(markdown: string, options: MarkdownOptions): string {
  const lines = blocks(lexer(markdown), options.palette)
  // Blank lines between blocks, never leading or trailing.
  while (lines[0] === '') lines.shift()
  while (lines.at(-1) === '') lines.pop()
  const indent = options.indent ?? ''
  return lines.map((line) => (line === '' ? '' : indent + line)).join('\n')
}

function blocks(tokens: Token[], c: Palette): string[] {
  const out: string[] = []
  const gap = () => {
    if (out.length > 0 && out.at(-1) !== '') out.push('')
  }
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        break
      case 'heading': {
        gap()
        const text = inline((token as Tokens.Heading).tokens, c)
        out.push(token.depth === 1 ? c.bold(c.underline(text)) : c.bold(text))
        break
      }
      case 'paragraph':
        gap()
        out.push(...inline((token as Tokens.Paragraph).tokens, c).split('\n'))
        break
      case 'text': {
        const t = token as Tokens.Text
        out.push(...(t.tokens ? inline(t.tokens, c) : t.text).split('\n'))
        break
      }
      case 'list':
        gap()
        out.push(...list(token as Tokens.List, c))
        break
      case 'code':
        gap()
        for (const line of (token as Tokens.Code).text.split('\n')) out.push(`    ${c.cyan(line)}`)
        break
      case 'blockquote':
        gap()
        for (const line of blocks((token as Tokens.Blockquote).tokens, c)) out.push(`${c.dim('│')} ${line}`)
        break
      case 'hr':
        gap()
        out.push(c.dim('─'.repeat(24)))
        break
      case 'table':
        gap()
        out.push(...table(token as Tokens.Table, c))
        break
      default:
        // html and any token a future marked adds: its source text is the most honest rendering.
        gap()
        out.push(...token.raw.replace(/\n+$/, '').split('\n'))
    }
  }
  return out
}

function list(token: Tokens.List, c: Palette): string[] {
  const out: string[] = []
  const start = typeof token.start === 'number' ? token.start : 1
  token.items.forEach((item, i) => {
    const marker = token.ordered ? `${start + i}.` : '•'
    const check = item.task ? (item.checked ? '[x] ' : '[ ] ') : ''
    // A tight list keeps its items' blocks together; a loose one keeps their blank lines.
    const body = blocks(item.tokens, c).filter(
      (line, j, all) => line !== '' || (token.loose && j > 0 && j < all.length - 1),
    )
    const pad = ' '.repeat(marker.length + 1)
    body.forEach((line, j) => {
      if (j === 0) out.push(`${c.dim(marker)} ${check}${line}`)
      else out.push(line === '' ? '' : pad + line)
    })
    if (body.length === 0) out.push(c.dim(marker))
  })
  return out
}

function table(token: Tokens.Table, c: Palette): string[] {
  const header = token.header.map((cell) => inline(cell.tokens, c))
  const rows = token.rows.map((row) => row.map((cell) => inline(cell.tokens, c)))
  const widths = header.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - visible(cell)))
      .join('  ')
      .trimEnd()
  return [c.bold(line(header)), c.dim(widths.map((w) => '─'.repeat(w)).join('  ')), ...rows.map(line)]
}

// Column widths count what the reader sees, so colours must not count.
function visible(text: string): number {
  return stripVTControlCharacters(text).length
}

function inline(tokens: Token[] | undefined, c: Palette): string {
  if (!tokens) return ''
  return tokens.map((token) => inlineToken(token, c)).join('')
}

function inlineToken(token: Token, c: Palette): string {
  switch (token.type) {
    case 'text': {
      const t = token as Tokens.Text
      return t.tokens ? inline(t.tokens, c) : t.text
    }
    case 'escape':
      return (token as Tokens.Escape).text
    case 'strong':
      return c.bold(inline((token as Tokens.Strong).tokens, c))
    case 'em':
      return c.italic(inline((token as Tokens.Em).tokens, c))
    case 'del':
      return c.strikethrough(inline((token as Tokens.Del).tokens, c))
    case 'codespan':
      return c.cyan((token as Tokens.Codespan).text)
    case 'br':
      return '\n'
    case 'link': {
      const link = token as Tokens.Link
      const text = inline(link.tokens, c)
      return text === link.href ? c.underline(text) : `${text} ${c.dim(`(${link.href})`)}`
    }
    case 'image': {
      const image = token as Tokens.Image
      return `${image.text} ${c.dim(`(${image.href})`)}`
    }
    default:
      return token.raw
  }
}
