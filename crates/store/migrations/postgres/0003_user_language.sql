-- The language each person chose for the pages ("vi", "en" or "id"); none means the
-- browser's, then Vietnamese.
ALTER TABLE users ADD COLUMN language TEXT;
