/** What the scan log (QUJAT_LOG_SCANS=1) counts as a full-collection read on the embedded FerretDB. */
import { ObjectId } from 'mongodb';
import { filterShape, isPushedDown, scansOf } from '../../../db/query-scan-log';

describe('isPushedDown: a filter naming a plain string or ObjectId _id is answered by the primary key', () => {
  it.each([
    [{ _id: 'abc' }, true],
    [{ _id: new ObjectId() }, true],
    // Other keys beside it are checked on the one row the `_id` finds (our FerretDB build).
    [{ _id: 'abc', $comment: 'x' }, true],
    [{ _id: 'abc', projectedSeq: { $lt: 4 } }, true],
    [{ _id: 5 }, false], // numbers are not pushed down (collection.go: case string, types.ObjectID)
    [{ _id: 5, status: 'active' }, false],
    [{ status: 'active', _id: { $ne: 'a' } }, false],
    [{ _id: { $in: ['a'] } }, false],
    [{ employeeId: 'e' }, false],
    [{}, false],
    [undefined, false],
  ])('%p → %p', (filter, expected) => {
    expect(isPushedDown(filter)).toBe(expected);
  });
});

describe('scansOf: the statements of a wire command that read a whole collection', () => {
  it('finds, counts and distincts by their filter', () => {
    expect(scansOf('find', { find: 'sessions', filter: { _id: 'h' } })).toEqual([]);
    expect(scansOf('find', { find: 'employees', filter: { _id: 'a', status: 'active' } })).toEqual([]);
    expect(scansOf('find', { find: 'employees', filter: { status: 'active' } })).toEqual([{ collection: 'employees', op: 'find', shape: '{status: string}' }]);
    expect(scansOf('count', { count: 'x', query: { a: 1 } })).toEqual([{ collection: 'x', op: 'count', shape: '{a: number}' }]);
    expect(scansOf('distinct', { distinct: 'x', key: 'k', query: { _id: 'a' } })).toEqual([]);
  });

  it('lets an empty filter with only a limit through (SQL LIMIT), not with a sort', () => {
    expect(scansOf('find', { find: 'attachments.files', filter: {}, limit: 1 })).toEqual([]);
    expect(scansOf('find', { find: 'x', filter: {}, limit: 1, sort: { a: 1 } })).toHaveLength(1);
    expect(scansOf('find', { find: 'x', filter: {} })).toHaveLength(1);
  });

  it('takes only the first $match of an aggregate (countDocuments)', () => {
    expect(scansOf('aggregate', { aggregate: 'x', pipeline: [{ $match: { _id: 'a' } }, { $group: { _id: 1, n: { $sum: 1 } } }] })).toEqual([]);
    expect(scansOf('aggregate', { aggregate: 'x', pipeline: [{ $match: { ownerId: 'a' } }] })).toEqual([{ collection: 'x', op: 'aggregate', shape: '{ownerId: string}' }]);
    expect(scansOf('aggregate', { aggregate: 'x', pipeline: [{ $sort: { a: 1 } }] })).toEqual([{ collection: 'x', op: 'aggregate', shape: '{}' }]);
  });

  it('checks every statement of an update, delete or findAndModify', () => {
    const update = { update: 'docs', updates: [{ q: { _id: 'a' }, u: {} }, { q: { _id: 'b', seq: { $lt: 3 } }, u: {}, upsert: true }, { q: { documentId: 'b', seq: { $lt: 3 } }, u: {}, upsert: true }] };
    expect(scansOf('update', update)).toEqual([{ collection: 'docs', op: 'upsert', shape: '{documentId: string, seq: {$lt: number}}' }]);
    expect(scansOf('delete', { delete: 'x', deletes: [{ q: { documentId: 'd' }, limit: 0 }] })).toHaveLength(1);
    expect(scansOf('findAndModify', { findAndModify: 'x', query: { _id: 'a' } })).toEqual([]);
    expect(scansOf('insert', { insert: 'x', documents: [{}] })).toEqual([]);
  });
});

describe('filterShape', () => {
  it('keeps keys and operators, replaces values by their type, sorted', () => {
    expect(filterShape({ status: 'a', _id: { $in: ['x', 'y'] }, at: new Date(), n: null })).toBe('{_id: {$in: [string]}, at: date, n: null, status: string}');
  });
});
