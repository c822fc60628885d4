/**
 * Splits the text of one JSON array, given in pieces of any size, into the text of its elements, so a
 * large array is parsed one element at a time (JSON.parse on each). Only brackets, braces and strings
 * are tracked here; each element's own syntax is JSON.parse's to check.
 */
export class JsonArraySplitter {
  private state: 'before' | 'inside' | 'after' = 'before';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private element = '';
  /** the last separator read was a comma: an element must follow */
  private afterComma = false;

  /** Feeds the next piece of text; returns the elements it completes, in order. Throws on text outside the array. */
  push(text: string): string[] {
    const done: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (this.state !== 'inside') {
        if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
        if (this.state === 'before' && c === '[') {
          this.state = 'inside';
          start = i + 1;
          continue;
        }
        throw new Error(`expected ${this.state === 'before' ? 'a JSON array' : 'nothing after the array'}, got ${JSON.stringify(c)}`);
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
      } else if (c === '"') this.inString = true;
      else if (c === '[' || c === '{') this.depth++;
      else if ((c === ']' || c === '}') && this.depth > 0) this.depth--;
      else if (this.depth === 0 && (c === ',' || c === ']')) {
        const element = (this.element + text.slice(start, i)).trim();
        this.element = '';
        start = i + 1;
        if (element.length > 0) done.push(element);
        else if (c === ',' || this.afterComma) throw new Error('expected an element, got an empty one');
        this.afterComma = c === ',';
        if (c === ']') this.state = 'after';
      }
    }
    if (this.state === 'inside') this.element += text.slice(start);
    return done;
  }

  /** Throws unless the whole array has been read. */
  end(): void {
    if (this.state !== 'after') throw new Error('the JSON array is not closed');
  }
}
