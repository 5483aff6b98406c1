// Text for speech: streaming markup cleaning and sentence/clause splitting.
export * from './markup-cleaner';
export * from './sentence-splitter';
export * from './emotion-tags';
