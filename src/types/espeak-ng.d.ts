// The espeak-ng package ships an Emscripten factory without type declarations.
declare module 'espeak-ng' {
  const factory: (opts: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
