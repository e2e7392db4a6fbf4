// The reflection root ships without type declarations; codec.ts narrows it to what it uses.
declare module '@temporalio/proto/protos/json-module.js' {
  const root: unknown;
  export = root;
}
