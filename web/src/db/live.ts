// Live queries for the screens: they re-run when the tables they read change, in this tab or another.
export { useLiveQuery } from 'dexie-react-hooks';
