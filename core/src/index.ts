// Shared isomorphic code; import from subpaths such as `@companion/core/schemas` to keep bundles small.
export const CORE_VERSION = '0.1.0';
