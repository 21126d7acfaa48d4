-- Events carry what analysts filter and check them by: the PLOVER mode, the coder's confidence, the
-- offsets of the trigger words and of the actor, recipient and place phrases, and the precision of the
-- date (day, week, month or year). Rows written before this migration keep NULL here.
ALTER TABLE events ADD COLUMN mode TEXT;
ALTER TABLE events ADD COLUMN confidence DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN date_precision TEXT;
ALTER TABLE events ADD COLUMN trigger_start INTEGER;
ALTER TABLE events ADD COLUMN trigger_end INTEGER;
ALTER TABLE events ADD COLUMN actor_start INTEGER;
ALTER TABLE events ADD COLUMN actor_end INTEGER;
ALTER TABLE events ADD COLUMN recipient_start INTEGER;
ALTER TABLE events ADD COLUMN recipient_end INTEGER;
ALTER TABLE events ADD COLUMN place_start INTEGER;
ALTER TABLE events ADD COLUMN place_end INTEGER;
