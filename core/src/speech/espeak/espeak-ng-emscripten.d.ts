// The package ships no types; espeak-module.ts describes the parts this project uses.
declare module '@echogarden/espeak-ng-emscripten' {
  const factory: unknown;
  export default factory;
}
