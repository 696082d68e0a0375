/**
 * The MongoDB driver is installed once: our direct `mongodb` dependency follows the version `mongoose` asks
 * for, so a process that uses both (the start script's readiness check beside the API's models) loads one
 * driver, not two. An upgrade of either that breaks this fails here rather than doubling what loads.
 */
import path from 'node:path';

it('mongoose and our code resolve the same mongodb package', () => {
  const ours = require.resolve('mongodb/package.json');
  const mongooseDir = path.dirname(require.resolve('mongoose/package.json'));
  const theirs = require.resolve('mongodb/package.json', { paths: [mongooseDir] });
  expect(theirs).toBe(ours);
});
