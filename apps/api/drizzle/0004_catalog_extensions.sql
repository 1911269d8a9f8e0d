-- Trigram similarity for typo-tolerant product search (a trusted extension: the database owner may
-- create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
