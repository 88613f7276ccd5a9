"""Side-by-side benchmark of Plinth against PostgreSQL 15 (see docs/performance.md)."""
