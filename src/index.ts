/** mcp-conform: the root entry re-exports the protocol layer; each other layer has its own subpath. */
export * as protocol from './protocol/index.js';
