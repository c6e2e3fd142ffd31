-- pgvector for campaign embeddings; pg_trgm for substring search in lists.
-- Both are on Azure Database for PostgreSQL's allow list (azure.extensions = VECTOR,PG_TRGM).
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
