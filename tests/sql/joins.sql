-- Joins: inner, left/right/full outer, cross, self, USING/NATURAL, NULL keys, multi-way.
CREATE TABLE authors (id INT PRIMARY KEY, name TEXT, country TEXT);
CREATE TABLE books (id INT PRIMARY KEY, title TEXT, author_id INT, year INT);
INSERT INTO authors VALUES (1, 'Austen', 'UK'), (2, 'Borges', 'AR'), (3, 'Calvino', 'IT'), (4, 'Dickens', 'UK');
INSERT INTO books VALUES (10, 'Emma', 1, 1815), (11, 'Persuasion', 1, 1817), (12, 'Ficciones', 2, 1944),
  (13, 'Anonymous Work', NULL, 1900), (14, 'Lost Book', 99, 2000);
SELECT a.name, b.title FROM authors a JOIN books b ON b.author_id = a.id ORDER BY a.name, b.title;
SELECT a.name, b.title FROM authors a INNER JOIN books b ON b.author_id = a.id AND b.year > 1816 ORDER BY b.title;
SELECT a.name, b.title FROM authors a LEFT JOIN books b ON b.author_id = a.id ORDER BY a.name, b.title;
SELECT a.name, b.title FROM authors a RIGHT JOIN books b ON b.author_id = a.id ORDER BY b.title;
SELECT a.name, b.title FROM authors a FULL JOIN books b ON b.author_id = a.id ORDER BY a.name NULLS LAST, b.title NULLS LAST;
SELECT a.name FROM authors a LEFT JOIN books b ON b.author_id = a.id WHERE b.id IS NULL ORDER BY a.name;
-- A condition in ON keeps unmatched rows; the same condition in WHERE removes them.
SELECT a.name, b.title FROM authors a LEFT JOIN books b ON b.author_id = a.id AND b.year < 1900 ORDER BY a.name, b.title;
SELECT a.name, b.title FROM authors a LEFT JOIN books b ON b.author_id = a.id WHERE b.year < 1900 ORDER BY a.name, b.title;
SELECT count(*) FROM authors CROSS JOIN books;
SELECT a.name, b.title FROM authors a, books b WHERE a.id = b.author_id AND a.country = 'UK' ORDER BY b.title;
SELECT x.name AS first, y.name AS second FROM authors x JOIN authors y ON x.country = y.country AND x.id < y.id;
CREATE TABLE nums_a (k INT, va TEXT);
CREATE TABLE nums_b (k INT, vb TEXT);
INSERT INTO nums_a VALUES (1, 'a1'), (2, 'a2'), (NULL, 'a-null'), (2, 'a2-dup');
INSERT INTO nums_b VALUES (2, 'b2'), (3, 'b3'), (NULL, 'b-null'), (2, 'b2-dup');
-- NULL keys never match each other.
SELECT va, vb FROM nums_a JOIN nums_b ON nums_a.k = nums_b.k ORDER BY va, vb;
SELECT va, vb FROM nums_a FULL JOIN nums_b ON nums_a.k = nums_b.k ORDER BY va NULLS LAST, vb NULLS LAST;
SELECT va, vb FROM nums_a JOIN nums_b ON nums_a.k IS NOT DISTINCT FROM nums_b.k ORDER BY va, vb;
SELECT k, va, vb FROM nums_a JOIN nums_b USING (k) ORDER BY va, vb;
SELECT k, va, vb FROM nums_a FULL JOIN nums_b USING (k) ORDER BY k NULLS LAST, va NULLS LAST, vb NULLS LAST;
SELECT * FROM nums_a NATURAL JOIN nums_b ORDER BY va, vb;
SELECT va, vb FROM nums_a JOIN nums_b ON nums_a.k < nums_b.k ORDER BY va, vb;
CREATE TABLE reviews (book_id INT, stars INT);
INSERT INTO reviews VALUES (10, 5), (10, 4), (12, 5), (14, 1);
SELECT a.name, b.title, r.stars FROM authors a JOIN books b ON b.author_id = a.id JOIN reviews r ON r.book_id = b.id
  ORDER BY a.name, b.title, r.stars;
SELECT a.name, count(r.stars) AS reviews, avg(r.stars) AS avg_stars FROM authors a
  LEFT JOIN books b ON b.author_id = a.id LEFT JOIN reviews r ON r.book_id = b.id GROUP BY a.name ORDER BY a.name;
SELECT b.title, t.n FROM books b JOIN (SELECT book_id, count(*) AS n FROM reviews GROUP BY book_id) t ON t.book_id = b.id ORDER BY b.title;
SELECT a.name, s.title FROM authors a, LATERAL (SELECT title FROM books WHERE author_id = a.id ORDER BY year DESC LIMIT 1) s ORDER BY a.name;
SELECT a.name, s.title FROM authors a LEFT JOIN LATERAL (SELECT title FROM books WHERE author_id = a.id ORDER BY year LIMIT 1) s ON true ORDER BY a.name;
SELECT id FROM authors JOIN books ON books.author_id = authors.id;
SELECT name FROM authors JOIN books ON nope = 1;
SELECT a.name FROM authors a JOIN books b USING (nope);
SELECT * FROM authors a JOIN books b;
SELECT authors.name FROM authors a;
DROP TABLE authors, books, nums_a, nums_b, reviews;
