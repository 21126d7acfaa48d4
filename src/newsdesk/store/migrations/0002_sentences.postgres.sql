-- Sentences and their full-text index (PostgreSQL: a stored tsvector with a GIN index).
CREATE TABLE sentences (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
    UNIQUE (doc_id, idx)
);
CREATE INDEX sentences_tsv ON sentences USING GIN (tsv);
