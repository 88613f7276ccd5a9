-- Run against a database restored from dump.sql (or dump_inserts.sql): the data, the
-- sequences' positions, the defaults, the constraints and the view must all have come
-- through. Output is compared byte for byte with PostgreSQL's (expected.out).
SET TIME ZONE 'UTC';

-- The data, every column, in a fixed order.
SELECT * FROM customers ORDER BY id;
SELECT * FROM products ORDER BY product_id;
SELECT * FROM orders ORDER BY order_id;
SELECT * FROM order_items ORDER BY order_id, line_no;
SELECT * FROM audit_log ORDER BY id;

-- Values that are easy to mangle in COPY text: exact lengths and escapes.
SELECT id, length(note) AS len, note LIKE E'%\t%' AS has_tab, note LIKE E'%\n%' AS has_newline,
       position(E'\\' IN note) > 0 AS has_backslash, note IS NULL AS is_null
FROM customers ORDER BY id;
SELECT product_id, octet_length(thumbnail) AS bytes, tags[1] AS first_tag,
       array_length(tags, 1) AS n_tags, attributes->>'colour' AS colour
FROM products ORDER BY product_id;
SELECT sum(price) AS catalogue_value, max(price) AS dearest, count(thumbnail) AS with_thumbnail FROM products;

-- The view.
SELECT * FROM order_totals ORDER BY order_id;

-- Sequences continue where the source left them (setval), defaults fill the rest.
INSERT INTO customers (email, full_name) VALUES ('new@example.com', 'New Customer')
  RETURNING id, is_active, note, created_at > '2024-06-01' AS recent;
INSERT INTO products (sku, name, price) VALUES ('NW-009', 'New product', 1.00)
  RETURNING product_id, tags, attributes;
INSERT INTO orders (customer_id) VALUES (1) RETURNING order_id, status, total;
INSERT INTO audit_log (message) VALUES ('restored') RETURNING id, actor;
INSERT INTO order_items (order_id, line_no, product_id, unit_price) VALUES (1000, 3, 9, 1.00)
  RETURNING quantity;

-- Constraints came through and are enforced. (Rows that fail carry explicit timestamps:
-- the error's "Failing row contains" detail would otherwise show now().)
INSERT INTO customers (email, full_name) VALUES ('ada@example.com', 'Duplicate');
INSERT INTO customers (email, full_name, created_at) VALUES ('no-at-sign', 'Bad Email', '2024-01-01');
INSERT INTO products (product_id, sku, name, price) VALUES (99, 'XX-099', 'Explicit id', 1);
INSERT INTO products (sku, name, price) VALUES ('KB-001', 'Duplicate sku', 1);
INSERT INTO products (sku, name, price) VALUES ('NEG-1', 'Negative', -1);
INSERT INTO orders (customer_id, status, placed_at) VALUES (1, 'lost', '2024-01-01');
INSERT INTO orders (customer_id) VALUES (424242);
INSERT INTO order_items (order_id, line_no, product_id, unit_price) VALUES (1000, 1, 1, 1.00);
INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price) VALUES (1000, 9, 1, 0, 1.00);
INSERT INTO customers (email, created_at) VALUES ('nameless@example.com', '2024-01-01');
DELETE FROM products WHERE product_id = 1;

-- ON DELETE CASCADE reaches orders and their items.
BEGIN;
DELETE FROM customers WHERE id = 1;
SELECT count(*) AS orders_left FROM orders;
SELECT count(*) AS items_left FROM order_items;
ROLLBACK;
SELECT count(*) AS orders_after_rollback FROM orders;

-- The expression index and the multi-column index answer lookups.
SELECT id, email FROM customers WHERE lower(email) = 'dan@example.com';
SELECT order_id FROM orders WHERE customer_id = 1 AND placed_at >= '2024-05-02' ORDER BY order_id;

-- Comments, and which sequence each serial/identity column owns.
SELECT obj_description('customers'::regclass, 'pg_class') AS customers,
       obj_description('order_totals'::regclass, 'pg_class') AS order_totals;
SELECT col_description('customers'::regclass, 2) AS email, col_description('products'::regclass, 6) AS attributes,
       col_description('customers'::regclass, 1) AS id;
SELECT pg_get_serial_sequence('customers', 'id') AS customers, pg_get_serial_sequence('products', 'product_id') AS products,
       pg_get_serial_sequence('orders', 'order_id') AS orders, pg_get_serial_sequence('audit_log', 'id') AS audit_log;
