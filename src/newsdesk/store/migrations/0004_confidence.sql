-- The store keeps what it was given: ingest writes every item with its calibrated confidence, and a
-- reader applies each layer's threshold (store/confident.py). Places and events had the column already
-- (0001, 0003); rows written before this migration keep NULL here, and an item without a confidence is
-- always shown (those stores were written already filtered at the thresholds of their time).
ALTER TABLE actors ADD COLUMN confidence DOUBLE PRECISION;
ALTER TABLE quotes ADD COLUMN confidence DOUBLE PRECISION;
ALTER TABLE calls_to_action ADD COLUMN confidence DOUBLE PRECISION;
ALTER TABLE stances ADD COLUMN confidence DOUBLE PRECISION;
ALTER TABLE techniques ADD COLUMN confidence DOUBLE PRECISION;
ALTER TABLE analogies ADD COLUMN confidence DOUBLE PRECISION;
