/**
 * Where a value sits in JSON text, by its path ("stages.2.participants.0.kind"), so a validation error can
 * select the offending text in the designer's JSON tab. A missing key resolves to its nearest parent.
 * A small scanner of its own: JSON.parse gives no positions.
 */
export type JsonPath = Array<string | number>;

export interface TextRange {
  start: number;
  end: number;
}

/** "body.definition.stages.2.id" → ["stages", 2, "id"] (request prefixes are not part of the route). */
export function pathOfField(field: string): JsonPath {
  const parts = field.split('.').filter(Boolean);
  while (parts.length && ['body', 'definition', 'query', 'params'].includes(parts[0])) parts.shift();
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function locate(text: string, path: JsonPath): TextRange | undefined {
  let i = 0;
  let best: TextRange | undefined;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  // depth = how many leading segments of `path` the value at the cursor matches (-1: off the path).
  const value = (depth: number): void => {
    ws();
    const start = i;
    const onPath = depth >= 0;
    if (text[i] === '{') {
      i++;
      ws();
      while (i < text.length && text[i] !== '}') {
        ws();
        const key = str();
        ws();
        i++; // colon
        value(onPath && depth < path.length && path[depth] === key ? depth + 1 : -1);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (text[i] === '[') {
      i++;
      let index = 0;
      ws();
      while (i < text.length && text[i] !== ']') {
        value(onPath && depth < path.length && path[depth] === index ? depth + 1 : -1);
        index++;
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (text[i] === '"') {
      str();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
    }
    // Values are finished inside-out, so the deepest match on the path is recorded first and kept.
    if (onPath && !best) best = { start, end: i };
  };
  try {
    value(0);
  } catch {
    return best;
  }
  return best;
}
