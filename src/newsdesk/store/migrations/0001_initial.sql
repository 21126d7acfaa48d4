-- newsdesk corpus store, version 1: the tables both back ends share.
-- Portable SQL only (SQLite and PostgreSQL): TEXT / INTEGER / DOUBLE PRECISION / BOOLEAN, natural
-- primary keys, JSON kept as TEXT. Offsets are Python str indices into documents.text, end exclusive.

-- One row per distinct text. id = read.document.document_id(text): the hash of the normalised text,
-- so the same article read twice, or from two inputs, is one row.
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,                 -- order of first sight: the earliest is the original
    external_id TEXT,                     -- the id the input gave (a JSONL "id", a feed guid)
    source TEXT,
    title TEXT,
    publisher TEXT,
    published TEXT,                       -- ISO 8601 date, as the input says
    language TEXT NOT NULL,
    n_chars INTEGER NOT NULL,
    n_words INTEGER NOT NULL,
    analysis TEXT NOT NULL,               -- the full analysis record (newsdesk.analysis/1) as JSON
    ingested_at TEXT NOT NULL
);
CREATE UNIQUE INDEX documents_seq ON documents (seq);
CREATE INDEX documents_published ON documents (published);

-- Every input location a document was read from: exact copies are counted here.
CREATE TABLE sightings (
    doc_id TEXT NOT NULL,
    input TEXT NOT NULL,
    external_id TEXT,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, input)
);

CREATE TABLE segments (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT,
    speaker_name TEXT,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

-- actor_key links the same actor across documents: 'wd:<Wikidata id>' when linked, else
-- 'name:<normalised canonical name>'.
CREATE TABLE actors (
    doc_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_key TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL,                -- JSON list
    roles TEXT NOT NULL,                  -- JSON list
    wikidata TEXT,
    cameo TEXT,
    n_mentions INTEGER NOT NULL,
    char_start INTEGER,                   -- the first mention
    char_end INTEGER,
    PRIMARY KEY (doc_id, actor_id)
);
CREATE INDEX actors_key ON actors (actor_key);

-- The canonical name and every alias, normalised, so an actor is found by any of its names.
CREATE TABLE actor_names (
    doc_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    PRIMARY KEY (doc_id, actor_id, name_norm)
);
CREATE INDEX actor_names_name ON actor_names (name_norm);

CREATE TABLE places (
    doc_id TEXT NOT NULL,
    place_id TEXT NOT NULL,
    name TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    geonames_id INTEGER,
    confidence DOUBLE PRECISION,
    n_mentions INTEGER NOT NULL,
    char_start INTEGER,
    char_end INTEGER,
    PRIMARY KEY (doc_id, place_id)
);
CREATE INDEX places_name ON places (name_norm);
CREATE INDEX places_country ON places (country);

-- Every mention of an actor or a place: kind is 'actor' or 'place', ref_id its id in the document.
CREATE TABLE mentions (
    doc_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    PRIMARY KEY (doc_id, kind, ref_id, char_start, char_end)
);

CREATE TABLE quotes (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT,
    speaker_name TEXT,
    cue TEXT,
    parent INTEGER,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX quotes_speaker ON quotes (doc_id, speaker);

CREATE TABLE events (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    actor TEXT,
    actor_name TEXT,
    recipient TEXT,
    recipient_name TEXT,
    place TEXT,
    place_name TEXT,
    country TEXT,
    date TEXT,
    negated BOOLEAN NOT NULL,
    hypothetical BOOLEAN NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX events_type ON events (type);

CREATE TABLE calls_to_action (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    speaker TEXT,
    speaker_name TEXT,
    addressees TEXT NOT NULL,             -- JSON list
    action TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE stances (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    holder TEXT NOT NULL,
    holder_name TEXT,
    target TEXT NOT NULL,
    target_name TEXT,
    polarity DOUBLE PRECISION NOT NULL,
    evidence TEXT NOT NULL,               -- JSON list of [start, end]
    char_start INTEGER,                   -- the first evidence span
    char_end INTEGER,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE techniques (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    technique TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE analogies (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    reference TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

-- One row per input location that could not be read or analysed; a re-run updates the row.
CREATE TABLE ingest_failures (
    input TEXT NOT NULL,
    line INTEGER NOT NULL,                -- 0 when the whole input failed
    code TEXT NOT NULL,
    reason TEXT NOT NULL,
    first_failed_at TEXT NOT NULL,
    failed_at TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    PRIMARY KEY (input, line)
);

-- MinHash signatures (base64 of 128 little-endian uint64) for syndication: kept so a later run
-- links its copies to originals seen by earlier runs.
CREATE TABLE minhashes (
    doc_id TEXT PRIMARY KEY,
    signature TEXT NOT NULL
);

-- A syndicated copy and the first-seen original it repeats; both documents stay as evidence.
CREATE TABLE syndication (
    doc_id TEXT PRIMARY KEY,
    original_id TEXT NOT NULL,
    similarity DOUBLE PRECISION NOT NULL,
    linked_at TEXT NOT NULL
);
CREATE INDEX syndication_original ON syndication (original_id);

-- Stories: documents about the same happening. Rebuilt as a whole after each ingest.
CREATE TABLE stories (
    story_id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    n_docs INTEGER NOT NULL,
    n_copies INTEGER NOT NULL,
    first_date TEXT,
    last_date TEXT,
    top_actors TEXT NOT NULL,             -- JSON list of [name, documents]
    top_places TEXT NOT NULL,             -- JSON list of [name, documents]
    dates TEXT NOT NULL,                  -- JSON list of [date, documents]
    built_at TEXT NOT NULL
);

CREATE TABLE story_members (
    story_id INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    PRIMARY KEY (story_id, doc_id)
);
CREATE INDEX story_members_doc ON story_members (doc_id);
