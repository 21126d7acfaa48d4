-- The near-duplicate (MinHash LSH) index in the store instead of in the writer's memory, where it grew
-- with the store (about 6 kB per document; issue 18): one row per band of each document's signature.
-- A signature stored before this migration gets its rows when a writer next opens the store.
CREATE TABLE lsh_bands (
    band_key BIGINT NOT NULL,
    doc_id TEXT NOT NULL,
    PRIMARY KEY (band_key, doc_id)
);
