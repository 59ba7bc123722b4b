// The stand-in lives in packages/google-standin so that `npm start` (packages/local) can run
// it too; this path stays for the tests that import it from here.
export * from '@scc/google-standin';
