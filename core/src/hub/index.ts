// The Hugging Face Hub's file listing (`<base>/api/models/<repo>/tree/<rev>?recursive=true`), read the same way by
// the puller (Node) and the browser's model reader, from the Hub or any mirror that speaks it (our /models/).
export * from './tree-listing';
