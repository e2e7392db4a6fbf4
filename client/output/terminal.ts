/** Where a command writes: a line-oriented sink that knows whether a person is watching it. */
export interface TextSink {
  readonly write: (text: string) => void;
  /** True when the sink is an interactive terminal (progress bars redraw, colour may be used). */
  readonly isTTY: boolean;
  /** Terminal width in columns, when known. */
  readonly columns?: number;
}

/** What a command needs to print: both streams and whether colour is wanted. Tests build one with buffers. */
export interface Terminal {
  readonly out: TextSink;
  readonly err: TextSink;
  /** Colour only on an interactive stdout, and never when NO_COLOR is set (https://no-color.org). */
  readonly colour: boolean;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** Colour is for people: only when stdout is a terminal and NO_COLOR is unset or empty. */
export function wantsColour(out: Pick<TextSink, 'isTTY'>, env: Environment): boolean {
  return out.isTTY && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

/** The process's own streams, decided once per command. */
export function processTerminal(env: Environment = process.env): Terminal {
  const sink = (stream: NodeJS.WriteStream): TextSink => ({
    write: (text) => {
      stream.write(text);
    },
    isTTY: stream.isTTY === true,
    columns: stream.columns,
  });
  const out = sink(process.stdout);
  return { out, err: sink(process.stderr), colour: wantsColour(out, env) };
}

/** A terminal whose output is kept in memory: for tests and for rendering into a string. */
export function memoryTerminal(options: { isTTY?: boolean; colour?: boolean; columns?: number } = {}): Terminal & {
  readonly stdout: () => string;
  readonly stderr: () => string;
} {
  const outChunks: string[] = [];
  const errChunks: string[] = [];
  const isTTY = options.isTTY ?? false;
  return {
    out: { write: (text) => outChunks.push(text), isTTY, columns: options.columns },
    err: { write: (text) => errChunks.push(text), isTTY, columns: options.columns },
    colour: options.colour ?? false,
    stdout: () => outChunks.join(''),
    stderr: () => errChunks.join(''),
  };
}
