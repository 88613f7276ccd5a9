-- The schema whose metadata compare.sh checks, the same on both servers: keys of one
-- and two columns, a foreign key with actions, unique and descending indexes, defaults,
-- serial, check constraints and types of several kinds.
CREATE SCHEMA meta;
CREATE TABLE meta.parent (
  id int PRIMARY KEY,
  code varchar(10) NOT NULL UNIQUE,
  note text DEFAULT 'none'
);
CREATE TABLE meta.child (
  id serial PRIMARY KEY,
  parent_id int REFERENCES meta.parent (id) ON DELETE CASCADE,
  qty numeric(10,2) CHECK (qty > 0),
  made timestamptz,
  flag boolean NOT NULL DEFAULT false,
  tag char(3),
  big bigint
);
CREATE INDEX child_made_idx ON meta.child (made DESC);
CREATE UNIQUE INDEX child_parent_qty_key ON meta.child (parent_id, qty);
CREATE TABLE meta.pair (a int, b int, label text, PRIMARY KEY (a, b));
CREATE TABLE meta.pairref (
  x int,
  y int,
  CONSTRAINT pairref_pair_fk FOREIGN KEY (x, y) REFERENCES meta.pair (a, b) ON UPDATE CASCADE
);
CREATE SEQUENCE meta.counter;
