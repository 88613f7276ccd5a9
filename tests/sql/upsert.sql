-- INSERT ... ON CONFLICT: DO NOTHING, DO UPDATE with EXCLUDED, WHERE, constraint targets, errors.
CREATE TABLE inventory (sku TEXT PRIMARY KEY, qty INT NOT NULL DEFAULT 0, note TEXT, code INT UNIQUE);
INSERT INTO inventory VALUES ('a', 1, 'first', 100), ('b', 2, NULL, 200);
INSERT INTO inventory VALUES ('a', 5, 'again', 101) ON CONFLICT DO NOTHING;
INSERT INTO inventory VALUES ('a', 5, 'again', 101) ON CONFLICT (sku) DO NOTHING RETURNING *;
INSERT INTO inventory VALUES ('c', 3, 'new', 300) ON CONFLICT (sku) DO NOTHING RETURNING sku;
SELECT * FROM inventory ORDER BY sku;
INSERT INTO inventory VALUES ('a', 5, 'merged', 100) ON CONFLICT (sku) DO UPDATE SET qty = inventory.qty + EXCLUDED.qty, note = EXCLUDED.note RETURNING *;
INSERT INTO inventory VALUES ('b', 1, 'skip?', 200) ON CONFLICT (sku) DO UPDATE SET qty = EXCLUDED.qty WHERE inventory.qty > 10 RETURNING sku, qty;
INSERT INTO inventory VALUES ('b', 1, 'applied', 200) ON CONFLICT (sku) DO UPDATE SET qty = 99, note = EXCLUDED.note WHERE inventory.qty < 10 RETURNING sku, qty, note;
INSERT INTO inventory VALUES ('z', 1, 'code clash', 300) ON CONFLICT (code) DO UPDATE SET note = 'code ' || EXCLUDED.code RETURNING sku, note;
INSERT INTO inventory VALUES ('z', 1, 'code clash', 300) ON CONFLICT (sku) DO UPDATE SET note = 'never';
INSERT INTO inventory VALUES ('a', 1, NULL, 999) ON CONFLICT ON CONSTRAINT inventory_pkey DO UPDATE SET code = EXCLUDED.code RETURNING sku, code;
INSERT INTO inventory VALUES ('d', 4, NULL, 400), ('a', 1, NULL, 999), ('e', 5, NULL, 500) ON CONFLICT (sku) DO NOTHING;
SELECT * FROM inventory ORDER BY sku;
INSERT INTO inventory AS i VALUES ('d', 10, 'aliased', 401) ON CONFLICT (sku) DO UPDATE SET qty = i.qty * EXCLUDED.qty RETURNING i.sku, i.qty;
-- The same row may not be affected twice by one command.
INSERT INTO inventory VALUES ('f', 1, NULL, 600), ('f', 2, NULL, 601) ON CONFLICT (sku) DO UPDATE SET qty = EXCLUDED.qty;
INSERT INTO inventory VALUES ('f', 1, NULL, 600), ('f', 2, NULL, 601) ON CONFLICT (sku) DO NOTHING;
SELECT sku, qty FROM inventory WHERE sku = 'f';
INSERT INTO inventory VALUES ('g', 1) ON CONFLICT (note) DO NOTHING;
INSERT INTO inventory VALUES ('g', 1) ON CONFLICT (sku) DO UPDATE SET nope = 1;
INSERT INTO inventory VALUES ('a', 1) ON CONFLICT (sku) DO UPDATE SET qty = NULL;
INSERT INTO inventory VALUES ('a', 1) ON CONFLICT (sku) DO UPDATE SET code = 200;
INSERT INTO inventory VALUES ('a', 1) ON CONFLICT DO UPDATE SET qty = 0;
INSERT INTO inventory (sku) VALUES ('h') ON CONFLICT (sku) DO UPDATE SET qty = EXCLUDED.qty + 1 RETURNING sku, qty;
INSERT INTO inventory (sku) VALUES ('h') ON CONFLICT (sku) DO UPDATE SET qty = EXCLUDED.qty + 1 RETURNING sku, qty;
SELECT * FROM inventory ORDER BY sku;
DROP TABLE inventory;
