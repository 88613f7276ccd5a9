// node-pg login probe: prints "ok" or "ERR <sqlstate>".
const { Client } = require('pg');
const [host, port, user, password] = process.argv.slice(2);
const c = new Client({ host, port: Number(port), user, password, database: 'postgres' });
c.connect()
  .then(() => c.query('SELECT 1 AS one'))
  .then((r) => { console.log(r.rows[0].one === 1 ? 'ok' : 'ERR wrong-result'); return c.end(); })
  .catch((e) => { console.log('ERR ' + (e.code || e.message)); process.exit(0); });
