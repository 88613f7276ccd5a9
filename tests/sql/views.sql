-- Views: creation, querying, dependency on base data, updatable views, replace and drop.
CREATE TABLE orders (id INT PRIMARY KEY, customer TEXT, amount NUMERIC(8,2), status TEXT);
INSERT INTO orders VALUES (1, 'ann', 10.00, 'open'), (2, 'bob', 25.50, 'paid'), (3, 'ann', 7.25, 'paid'), (4, 'cid', NULL, 'open');
CREATE VIEW paid_orders AS SELECT id, customer, amount FROM orders WHERE status = 'paid';
SELECT * FROM paid_orders ORDER BY id;
CREATE VIEW customer_totals (customer, total, n) AS SELECT customer, sum(amount), count(*) FROM orders GROUP BY customer;
SELECT * FROM customer_totals ORDER BY customer;
SELECT c.customer, c.total FROM customer_totals c JOIN paid_orders p ON p.customer = c.customer ORDER BY p.id;
-- A view is a stored query: it sees later changes to its tables.
INSERT INTO orders VALUES (5, 'dee', 99.99, 'paid');
SELECT count(*) FROM paid_orders;
UPDATE orders SET status = 'paid' WHERE id = 1;
SELECT id FROM paid_orders ORDER BY id;
-- Simple views are updatable.
INSERT INTO paid_orders VALUES (6, 'eve', 1.00);
SELECT * FROM orders WHERE id = 6;
UPDATE paid_orders SET amount = amount + 1 WHERE customer = 'ann';
DELETE FROM paid_orders WHERE id = 5;
SELECT id, customer, amount, status FROM orders ORDER BY id;
INSERT INTO customer_totals VALUES ('x', 1, 1);
CREATE VIEW checked AS SELECT id, amount FROM orders WHERE amount > 20 WITH CHECK OPTION;
INSERT INTO checked VALUES (7, 5);
INSERT INTO checked VALUES (7, 50);
SELECT * FROM checked ORDER BY id;
CREATE VIEW paid_orders AS SELECT 1;
CREATE OR REPLACE VIEW paid_orders AS SELECT id, customer, amount, status FROM orders WHERE status = 'paid';
SELECT * FROM paid_orders ORDER BY id;
CREATE OR REPLACE VIEW paid_orders AS SELECT id FROM orders;
CREATE VIEW broken AS SELECT nope FROM orders;
CREATE VIEW on_view AS SELECT customer FROM paid_orders WHERE id < 3;
SELECT * FROM on_view ORDER BY customer;
-- regclass names views both ways, as pg_catalog queries expect.
SELECT 'on_view'::regclass, 'public.on_view'::regclass::oid = 'on_view'::regclass::oid AS same;
SELECT relname, relkind FROM pg_class WHERE oid = 'on_view'::regclass;
DROP VIEW paid_orders;
DROP TABLE orders;
DROP VIEW on_view;
DROP VIEW paid_orders;
DROP VIEW IF EXISTS paid_orders;
DROP VIEW no_such_view;
DROP VIEW customer_totals, checked;
DROP TABLE orders;
SELECT * FROM customer_totals;
