-- What a sector department is for, where a rule needs it (issue 16): the Department of
-- Finance records the money. It used to be recognised by its name ("Sở Tài chính …"); it is
-- now recorded on the organisation (`plantrack org sector`), NULL for every other one. The
-- departments already named so are marked once, here; a rename no longer changes the right.
ALTER TABLE organisations ADD COLUMN sector TEXT CHECK (sector IN ('finance'));

UPDATE organisations SET sector = 'finance'
 WHERE kind = 'sector_department' AND lower(name) LIKE 'sở tài chính%';
