-- A review meeting that recurs (issue 13, item 1): the rule is kept on each meeting of the
-- series and copied to the next, which is prepared when this one closes. All NULL when the
-- meeting does not recur. The rhythm counts from `repeat_from`, the day the series was set on.

ALTER TABLE meetings ADD COLUMN repeat_every_days BIGINT;
ALTER TABLE meetings ADD COLUMN repeat_until TEXT;
ALTER TABLE meetings ADD COLUMN repeat_from TEXT;
