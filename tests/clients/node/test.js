#!/usr/bin/env node
// Real-client suite for node-postgres (npm `pg`), the Node.js client of the quick start.
// Connects with the PG* environment variables set by tests/harness/with_server.
// node-pg sends a query without parameters as a simple Query and one with parameters
// through the extended protocol (Parse/Bind/Describe/Execute/Sync); a named query is
// parsed once per connection and reused.
'use strict';

const assert = require('node:assert/strict');

let pg;
try {
  pg = require('pg');
} catch (e) {
  console.log(`FAIL setup: ${e.message.split('\n')[0]} (run tests/clients/install-deps.sh)`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const USERS = 'clients_node_users';
let passed = 0;
let failed = 0;

// Runs one named check; `client` is rolled back after a failure, so that a check that
// failed inside BEGIN does not fail the next one with "current transaction is aborted".
async function check(name, body, client) {
  try {
    await body();
    console.log(`ok ${name}`);
    passed += 1;
    return true;
  } catch (e) {
    const isSqlState = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
    const why = isSqlState ? `${e.message} (SQLSTATE ${e.code})` : e.message;
    console.log(`FAIL ${name}: ${why.replace(/\s+/g, ' ')}`);
    failed += 1;
    if (client) await client.query('ROLLBACK').catch(() => {});
    return false;
  }
}

// Resolves to the error the promise rejected with; fails when it resolved.
async function rejection(promise, what) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail(`${what}: expected an error, the query succeeded`);
}

async function main() {
  const client = new pg.Client();
  const observer = new pg.Client(); // a second session, to see what is committed

  if (!(await check('connect', async () => {
    await client.connect();
    await observer.connect();
    const res = await client.query('SELECT 1 AS one');
    assert.deepEqual(res.rows, [{ one: 1 }]);
  }))) {
    await Promise.allSettled([client.end(), observer.end()]);
    return;
  }

  await check('create_table', async () => {
    await client.query(`DROP TABLE IF EXISTS ${USERS}`);
    const res = await client.query(`CREATE TABLE ${USERS} (id int PRIMARY KEY, name text NOT NULL, email text)`);
    assert.equal(res.command, 'CREATE');
  }, client);

  await check('simple_query', async () => {
    const ins = await client.query(
      `INSERT INTO ${USERS} VALUES (1, 'Alice', 'alice@example.com'), (2, 'Bob', 'bob@example.com')`);
    assert.equal(ins.command, 'INSERT');
    assert.equal(ins.rowCount, 2);
    const res = await client.query(`SELECT * FROM ${USERS} ORDER BY id`);
    assert.deepEqual(res.rows, [
      { id: 1, name: 'Alice', email: 'alice@example.com' },
      { id: 2, name: 'Bob', email: 'bob@example.com' },
    ]);
    assert.deepEqual(res.fields.map((f) => [f.name, f.dataTypeID]), [['id', 23], ['name', 25], ['email', 25]]);
  }, client);

  await check('parameterized_query', async () => {
    const payload = `'; DROP TABLE ${USERS}; --`;
    const ins = await client.query(`INSERT INTO ${USERS} VALUES ($1, $2, $3)`, [3, payload, null]);
    assert.equal(ins.rowCount, 1);
    const res = await client.query(`SELECT id, name, email FROM ${USERS} WHERE id = $1`, [3]);
    assert.deepEqual(res.rows, [{ id: 3, name: payload, email: null }]);
    const none = await client.query(`SELECT id FROM ${USERS} WHERE name = $1`, ['Nobody']);
    assert.equal(none.rowCount, 0);
    assert.deepEqual(none.rows, []);
  }, client);

  await check('named_prepared_statement_twice', async () => {
    const byId = (id) => ({ name: 'clients-node-user-by-id', text: `SELECT name FROM ${USERS} WHERE id = $1`, values: [id] });
    const first = await client.query(byId(1));
    const second = await client.query(byId(2));
    assert.deepEqual(first.rows, [{ name: 'Alice' }]);
    assert.deepEqual(second.rows, [{ name: 'Bob' }]);
  }, client);

  await check('types', async () => {
    const res = await client.query(
      `SELECT 9007199254740993::int8 AS big, 12.50::numeric(5,2) AS num, 2.5::float8 AS dbl,
              true AS yes, NULL::text AS nothing, '{"a":[1,null]}'::jsonb AS doc,
              '\\x00ff'::bytea AS bin, ARRAY[1,2,3] AS ints, '2001-02-03 04:05:06+00'::timestamptz AS ts,
              $1::text AS echoed`, ['Zoë ✓']);
    const row = res.rows[0];
    assert.equal(row.big, '9007199254740993'); // int8 comes back as a string, exactly
    assert.equal(row.num, '12.50');
    assert.equal(row.dbl, 2.5);
    assert.equal(row.yes, true);
    assert.equal(row.nothing, null);
    assert.deepEqual(row.doc, { a: [1, null] });
    assert.deepEqual(row.bin, Buffer.from([0x00, 0xff]));
    assert.deepEqual(row.ints, [1, 2, 3]);
    assert.equal(row.ts.toISOString(), '2001-02-03T04:05:06.000Z');
    assert.equal(row.echoed, 'Zoë ✓');
  }, client);

  await check('transaction_commit', async () => {
    assert.equal((await client.query('BEGIN')).command, 'BEGIN');
    await client.query(`INSERT INTO ${USERS} VALUES ($1, $2, $3)`, [4, 'David', 'david@example.com']);
    const before = await observer.query(`SELECT count(*)::int AS n FROM ${USERS} WHERE id = 4`);
    assert.equal(before.rows[0].n, 0, 'another session saw the row before COMMIT');
    assert.equal((await client.query('COMMIT')).command, 'COMMIT');
    const after = await observer.query(`SELECT name FROM ${USERS} WHERE id = 4`);
    assert.deepEqual(after.rows, [{ name: 'David' }]);
  }, client);

  await check('transaction_rollback', async () => {
    await client.query('BEGIN');
    const upd = await client.query(`UPDATE ${USERS} SET email = $1 WHERE id <= 2`, ['x@example.com']);
    assert.equal(upd.rowCount, 2);
    assert.equal((await client.query('ROLLBACK')).command, 'ROLLBACK');
    const res = await client.query(`SELECT email FROM ${USERS} WHERE id <= 2 ORDER BY id`);
    assert.deepEqual(res.rows.map((r) => r.email), ['alice@example.com', 'bob@example.com']);
  }, client);

  await check('error_leaves_client_usable', async () => {
    const syntax = await rejection(client.query('SELEC 1'), 'syntax error');
    assert.equal(syntax.code, '42601');
    assert.match(syntax.message, /"SELEC"/);
    assert.equal(syntax.severity, 'ERROR');
    const badParam = await rejection(client.query('SELECT $1::int AS n', ['not a number']), 'bad parameter');
    assert.equal(badParam.code, '22P02');
    const duplicate = await rejection(client.query(`INSERT INTO ${USERS} VALUES ($1, 'Again', NULL)`, [1]), 'duplicate');
    assert.equal(duplicate.code, '23505');
    const res = await client.query('SELECT $1::int + 1 AS n', [41]);
    assert.deepEqual(res.rows, [{ n: 42 }]);
  }, client);

  await check('error_inside_transaction', async () => {
    await client.query('BEGIN');
    const divide = await rejection(client.query('SELECT 1 / 0'), 'division by zero');
    assert.equal(divide.code, '22012');
    const ignored = await rejection(client.query('SELECT 1'), 'statement in a failed transaction');
    assert.equal(ignored.code, '25P02');
    await client.query('ROLLBACK');
    const res = await client.query(`SELECT count(*)::int AS n FROM ${USERS}`);
    assert.deepEqual(res.rows, [{ n: 4 }]);
  }, client);

  await check('pool', async () => {
    const pool = new pg.Pool({ max: 3 });
    try {
      const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => pool.query('SELECT $1::int * 2 AS doubled', [i])));
      assert.deepEqual(results.map((r) => r.rows[0].doubled), [2, 4, 6, 8, 10, 12]);
      assert.ok(pool.totalCount <= 3, `pool opened ${pool.totalCount} connections`);

      const pooled = await pool.connect();
      try {
        await pooled.query('BEGIN');
        await pooled.query(`INSERT INTO ${USERS} VALUES ($1, $2, NULL)`, [5, 'Pooled']);
        await pooled.query('COMMIT');
      } finally {
        pooled.release();
      }
      const res = await pool.query(`SELECT name FROM ${USERS} WHERE id = $1`, [5]);
      assert.deepEqual(res.rows, [{ name: 'Pooled' }]);
    } finally {
      await pool.end();
    }
  }, client);

  await check('pool_sessions_run_concurrently', async () => {
    // Three sleeping sessions must overlap: one session waiting never stops another.
    const pool = new pg.Pool({ max: 3 });
    try {
      await Promise.all([1, 2, 3].map(() => pool.query('SELECT 1'))); // open the connections first
      const started = Date.now();
      await Promise.all([1, 2, 3].map(() => pool.query('SELECT pg_sleep(0.4)')));
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 1000, `three 0.4 s sleeps took ${elapsed} ms`);
    } finally {
      await pool.end();
    }
  }, client);

  await check('drop_table', async () => {
    const res = await client.query(`DROP TABLE ${USERS}`);
    assert.equal(res.command, 'DROP');
  }, client);

  await client.end();
  await observer.end();
}

main()
  .catch((e) => {
    console.log(`FAIL suite: ${e.message}`);
    failed += 1;
  })
  .finally(() => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
  });
